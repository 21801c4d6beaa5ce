-- Issue 3 (turn overhead): a lead's signal occurrences move from the leads.signals JSON list, which every chat turn read
-- and rewrote in full, to rows of their own; the lead keeps only how often each signal occurred (signal_counts, in order
-- of first occurrence), which is all scoring needs. position keeps the order the occurrences were recorded in.
CREATE TABLE lead_signals (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    message_id uuid NULL,
    conversation_id uuid NULL,
    at timestamptz NOT NULL,
    detail text NULL
);
CREATE INDEX ix_lead_signals_lead_id_position ON lead_signals (lead_id, position);
CREATE INDEX ix_lead_signals_tenant_id ON lead_signals (tenant_id);

INSERT INTO lead_signals (id, tenant_id, lead_id, position, name, message_id, conversation_id, at, detail)
SELECT gen_random_uuid(), l.tenant_id, l.id, (e.ordinality - 1)::integer, e.value ->> 'name', (e.value ->> 'message_id')::uuid,
       (e.value ->> 'conversation_id')::uuid, (e.value ->> 'at')::timestamptz, e.value ->> 'detail'
FROM leads l CROSS JOIN LATERAL jsonb_array_elements(l.signals) WITH ORDINALITY AS e(value, ordinality);

ALTER TABLE leads ADD COLUMN signal_counts jsonb NOT NULL DEFAULT '[]'::jsonb;
UPDATE leads l SET signal_counts = COALESCE((
    SELECT jsonb_agg(jsonb_build_object('name', c.name, 'count', c.n) ORDER BY c.first)
    FROM (SELECT s.name, count(*) AS n, min(s.position) AS first FROM lead_signals s WHERE s.lead_id = l.id GROUP BY s.name) c
), '[]'::jsonb);
ALTER TABLE leads DROP COLUMN signals;

SELECT salesmate_isolate_tenant('lead_signals');

-- conversations.rolling_summary_through: messages_included of the conversation's latest rolling summary (0: none), kept
-- by triggers however a summary is written, so a chat turn knows from the conversation row it reads anyway whether
-- there is a summary to read. The trigger's UPDATE touches the summary's own conversation, of the same tenant.
ALTER TABLE conversations ADD COLUMN rolling_summary_through integer NOT NULL DEFAULT 0;
UPDATE conversations c SET rolling_summary_through = coalesce((SELECT max(s.messages_included) FROM conversation_summaries s
    WHERE s.conversation_id = c.id AND s.kind = 'rolling'), 0);

CREATE FUNCTION salesmate_rolling_summary_through() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched uuid[] := '{}';
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        touched := touched || OLD.conversation_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        touched := touched || NEW.conversation_id;
    END IF;
    UPDATE conversations c SET rolling_summary_through = coalesce((SELECT max(s.messages_included) FROM conversation_summaries s
        WHERE s.conversation_id = c.id AND s.kind = 'rolling'), 0)
    WHERE c.id = ANY (touched);
    RETURN NULL;
END
$$;
CREATE TRIGGER conversation_summaries_rolling AFTER INSERT OR UPDATE OR DELETE ON conversation_summaries
    FOR EACH ROW EXECUTE FUNCTION salesmate_rolling_summary_through();
