-- Migration 3: which process runs a run (pid, host), so that a run killed with -9, whose row
-- still says `running`, can be told from one that is still going: the next run on the database
-- marks it `interrupted` once its process on this host is gone.

ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
