#!/bin/bash
# The seed article's shapes, in our own words (corpus/articles/01-hima-leapmotor-november.txt):
# every expected figure (HIMA 81,864 record; AITO 18,827 and +127.93% YoY; M7 >100,000 orders
# and >81% of AITO's deliveries; Luxeed 11,761; Stelato 6,708; Leapmotor 70,327 record and +75%;
# the 2025 target of 500,000 achieved early; Stellantis 21% of Leapmotor (2023-10); the 51/49
# JV; 36 outlets in Brazil and 5 in Chile planned by 2025; 65% self-developed) and nothing else:
# F1 must be 1.0 over all types. Args: QUARRY_BIN SOURCE_DIR.
set -u
bin=$1; src=$2
"$bin" --grammars "$src/grammars" eval "$src/corpus/articles/01-hima-leapmotor-november.txt" \
  --gold "$src/corpus/gold" --min-f1 1.0
