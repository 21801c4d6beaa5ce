-- Leads are read, rescored and written by every chat turn of their shopper. Two turns at once (two tabs, two
-- conversations) each wrote the counts they had read, so one turn's signals were lost. version is the lead's
-- concurrency token: a turn writes only over the version it read, and rescores from the stored lead otherwise.
ALTER TABLE leads ADD COLUMN version integer NOT NULL DEFAULT 0;

-- A command of several statements runs as one implicit transaction, which commits unless a statement fails. A
-- conditional UPDATE that matched no row does not fail, so SingleCommandSave asks this function to, and the whole
-- command (the answer with it) is rolled back: "WITH changed AS (UPDATE ... RETURNING 1)
-- SELECT salesmate_require_rows((SELECT count(*) FROM changed), 1, 'leads')".
CREATE FUNCTION salesmate_require_rows(actual bigint, expected bigint, what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF actual <> expected THEN
        RAISE EXCEPTION 'a row of % changed or was deleted since it was read', what USING ERRCODE = 'serialization_failure';
    END IF;
END
$$;
