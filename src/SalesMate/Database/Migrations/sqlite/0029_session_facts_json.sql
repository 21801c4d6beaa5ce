-- Issue 3 (time to first token on SQLite, ADR 0019a): a session's own profile facts kept on the session row as one JSON
-- column, so a chat turn's session lookup brings them and the turn runs no query of its own for them. The format is
-- PostgreSQL's salesmate_session_facts (migration 0026 there): an array of [id, kind, value, source, message_id,
-- conversation_id, created_at, updated_at], or NULL for none. Triggers keep it: every write of a fact, by the app, the CLI
-- or anything else, rewrites its session's column in the same transaction.
ALTER TABLE sessions ADD COLUMN facts_json TEXT NULL;

UPDATE sessions SET facts_json = (
    SELECT json_group_array(json_array(f.id, f.kind, f.value, f.source, f.message_id, f.conversation_id, f.created_at, f.updated_at))
    FROM profile_facts AS f WHERE f.session_id = sessions.id)
WHERE id IN (SELECT session_id FROM profile_facts WHERE session_id IS NOT NULL);

CREATE TRIGGER tr_profile_facts_insert_session_facts AFTER INSERT ON profile_facts WHEN NEW.session_id IS NOT NULL
BEGIN
    UPDATE sessions SET facts_json = (
        SELECT json_group_array(json_array(f.id, f.kind, f.value, f.source, f.message_id, f.conversation_id, f.created_at, f.updated_at))
        FROM profile_facts AS f WHERE f.session_id = NEW.session_id)
    WHERE id = NEW.session_id;
END;

CREATE TRIGGER tr_profile_facts_update_session_facts AFTER UPDATE ON profile_facts
BEGIN
    UPDATE sessions SET facts_json = (
        SELECT CASE WHEN count(*) = 0 THEN NULL
               ELSE json_group_array(json_array(f.id, f.kind, f.value, f.source, f.message_id, f.conversation_id, f.created_at, f.updated_at)) END
        FROM profile_facts AS f WHERE f.session_id = sessions.id)
    WHERE id IN (OLD.session_id, NEW.session_id);
END;

CREATE TRIGGER tr_profile_facts_delete_session_facts AFTER DELETE ON profile_facts WHEN OLD.session_id IS NOT NULL
BEGIN
    UPDATE sessions SET facts_json = (
        SELECT CASE WHEN count(*) = 0 THEN NULL
               ELSE json_group_array(json_array(f.id, f.kind, f.value, f.source, f.message_id, f.conversation_id, f.created_at, f.updated_at)) END
        FROM profile_facts AS f WHERE f.session_id = OLD.session_id)
    WHERE id = OLD.session_id;
END;
