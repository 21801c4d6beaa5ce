-- Issue 3 (turn overhead): a lead's signal occurrences move from the leads.signals JSON list, which every chat turn read
-- and rewrote in full, to rows of their own; the lead keeps only how often each signal occurred (signal_counts, in order
-- of first occurrence), which is all scoring needs. position keeps the order the occurrences were recorded in.
CREATE TABLE lead_signals (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    message_id TEXT NULL,
    conversation_id TEXT NULL,
    at TEXT NOT NULL,
    detail TEXT NULL
);
CREATE INDEX ix_lead_signals_lead_id_position ON lead_signals (lead_id, position);
CREATE INDEX ix_lead_signals_tenant_id ON lead_signals (tenant_id);

-- Ids and Guids as EF Core writes them on SQLite (upper-case text), times as its 'yyyy-MM-dd HH:mm:ss.FFFFFFF' text.
INSERT INTO lead_signals (id, tenant_id, lead_id, position, name, message_id, conversation_id, at, detail)
SELECT
    upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1)
          || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
    tenant_id, lead_id, position, name,
    upper(message_id), upper(conversation_id),
    replace(replace(at, 'T', ' '), 'Z', ''),
    detail
FROM (
    SELECT hex(randomblob(16)) AS h, l.tenant_id, l.id AS lead_id, CAST(j.key AS INTEGER) AS position,
           json_extract(j.value, '$.name') AS name, json_extract(j.value, '$.message_id') AS message_id,
           json_extract(j.value, '$.conversation_id') AS conversation_id, json_extract(j.value, '$.at') AS at,
           json_extract(j.value, '$.detail') AS detail
    FROM leads l, json_each(l.signals) j
);

ALTER TABLE leads ADD COLUMN signal_counts TEXT NOT NULL DEFAULT '[]';
UPDATE leads SET signal_counts = COALESCE((
    SELECT json_group_array(json_object('name', c.name, 'count', c.n))
    FROM (SELECT s.name, count(*) AS n, min(s.position) AS first FROM lead_signals s WHERE s.lead_id = leads.id GROUP BY s.name ORDER BY first) c
), '[]');
ALTER TABLE leads DROP COLUMN signals;

-- conversations.rolling_summary_through: messages_included of the conversation's latest rolling summary (0: none), kept
-- by triggers however a summary is written, so a chat turn knows from the conversation row it reads anyway whether
-- there is a summary to read.
ALTER TABLE conversations ADD COLUMN rolling_summary_through INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET rolling_summary_through = coalesce((SELECT max(s.messages_included) FROM conversation_summaries s
    WHERE s.conversation_id = conversations.id AND s.kind = 'rolling'), 0);
CREATE TRIGGER conversation_summaries_rolling_insert AFTER INSERT ON conversation_summaries WHEN NEW.kind = 'rolling' BEGIN
    UPDATE conversations SET rolling_summary_through = max(rolling_summary_through, NEW.messages_included) WHERE id = NEW.conversation_id;
END;
CREATE TRIGGER conversation_summaries_rolling_delete AFTER DELETE ON conversation_summaries WHEN OLD.kind = 'rolling' BEGIN
    UPDATE conversations SET rolling_summary_through = coalesce((SELECT max(s.messages_included) FROM conversation_summaries s
        WHERE s.conversation_id = OLD.conversation_id AND s.kind = 'rolling'), 0) WHERE id = OLD.conversation_id;
END;
CREATE TRIGGER conversation_summaries_rolling_update AFTER UPDATE OF conversation_id, kind, messages_included ON conversation_summaries BEGIN
    UPDATE conversations SET rolling_summary_through = coalesce((SELECT max(s.messages_included) FROM conversation_summaries s
        WHERE s.conversation_id = conversations.id AND s.kind = 'rolling'), 0) WHERE id IN (OLD.conversation_id, NEW.conversation_id);
END;
