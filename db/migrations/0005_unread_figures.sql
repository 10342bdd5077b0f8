-- Migration 5: coverage. Per document and per run, the figures that look like facts (a quantity
-- in a unit of the pack's volume types) but that no stored fact states (Note [Unread figures] in
-- extractor/facts/extractor.cc). NULL: not counted (stored before this migration, or by `load`).

ALTER TABLE documents ADD COLUMN unread_figures INTEGER;
ALTER TABLE runs ADD COLUMN unread_figures INTEGER;
