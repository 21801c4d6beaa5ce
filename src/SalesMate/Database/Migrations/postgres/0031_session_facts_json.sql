-- Issue 3 (PostgreSQL turn overhead, ADR 0022a): a session's own anonymous profile facts kept on the session row as one
-- JSON column, as SQLite has since migration 0029. The chat turn's lookup read them through salesmate_session_facts,
-- which built the JSON on every turn: 0.17 of the lookup's 0.27 ms of execution. Now the JSON is built when facts are
-- written (about one turn in five) and the lookup reads a column. Format: salesmate_session_facts' (migration 0026).
-- Statement-level triggers keep it: every write of facts, by the app, the CLI or anything else, rewrites the affected
-- sessions' column once per statement, in the same transaction.
ALTER TABLE sessions ADD COLUMN facts_json text NULL;

UPDATE sessions SET facts_json = salesmate_session_facts(sessions.id, sessions.tenant_id)
WHERE id IN (SELECT session_id FROM profile_facts WHERE session_id IS NOT NULL AND user_id IS NULL);

CREATE FUNCTION salesmate_refresh_session_facts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE sessions AS s SET facts_json = salesmate_session_facts(s.id, s.tenant_id)
        WHERE s.id IN (SELECT n.session_id FROM new_rows AS n WHERE n.session_id IS NOT NULL);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE sessions AS s SET facts_json = salesmate_session_facts(s.id, s.tenant_id)
        WHERE s.id IN (SELECT n.session_id FROM new_rows AS n WHERE n.session_id IS NOT NULL
                       UNION SELECT o.session_id FROM old_rows AS o WHERE o.session_id IS NOT NULL);
    ELSE
        UPDATE sessions AS s SET facts_json = salesmate_session_facts(s.id, s.tenant_id)
        WHERE s.id IN (SELECT o.session_id FROM old_rows AS o WHERE o.session_id IS NOT NULL);
    END IF;
    RETURN NULL;
END
$$;

-- A transition table is allowed for one event per trigger, hence three.
CREATE TRIGGER tr_profile_facts_insert_session_facts AFTER INSERT ON profile_facts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION salesmate_refresh_session_facts();
CREATE TRIGGER tr_profile_facts_update_session_facts AFTER UPDATE ON profile_facts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION salesmate_refresh_session_facts();
CREATE TRIGGER tr_profile_facts_delete_session_facts AFTER DELETE ON profile_facts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION salesmate_refresh_session_facts();
