-- Issue 3 (turn overhead): the large values a chat turn writes are compressed with lz4 instead of pglz. An 11 KB request
-- body took 0.2 ms of PostgreSQL's CPU to compress with pglz; lz4 takes a fraction of that and reads back faster, for a
-- few percent more bytes. Existing rows keep their compression until rewritten. A server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE llm_requests ALTER COLUMN request_body SET COMPRESSION lz4, ALTER COLUMN response_body SET COMPRESSION lz4;
    ALTER TABLE conversations ALTER COLUMN state SET COMPRESSION lz4;
    ALTER TABLE leads ALTER COLUMN products SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server; large columns stay compressed with pglz';
END
$$;
