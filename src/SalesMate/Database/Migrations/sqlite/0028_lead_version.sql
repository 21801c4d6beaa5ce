-- Leads are read, rescored and written by every chat turn of their shopper. Two turns at once (two tabs, two
-- conversations) each wrote the counts they had read, so one turn's signals were lost. version is the lead's
-- concurrency token: a turn writes only over the version it read, and rescores from the stored lead otherwise.
ALTER TABLE leads ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
