-- Issue 7: thumbs up/down and "report inaccurate answer" on assistant messages (seed 004), read by admins.
CREATE TABLE message_feedback (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    session_id uuid NULL REFERENCES sessions (id) ON DELETE SET NULL,
    rating integer NOT NULL,
    inaccurate boolean NOT NULL,
    comment text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_message_feedback_message_id ON message_feedback (message_id);
CREATE INDEX ix_message_feedback_tenant_id_created_at ON message_feedback (tenant_id, created_at);
SELECT salesmate_isolate_tenant('message_feedback');
