#!/bin/bash
# Every rule of the grammar pack carries examples, and they all pass: `quarry grammar test`.
# Args: QUARRY_BIN SOURCE_DIR.
set -u
"$1" grammar test "$2/grammars"
