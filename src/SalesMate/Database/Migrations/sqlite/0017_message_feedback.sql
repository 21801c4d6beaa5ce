-- Issue 7: thumbs up/down and "report inaccurate answer" on assistant messages (seed 004), read by admins.
CREATE TABLE message_feedback (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE SET NULL,
    rating INTEGER NOT NULL,
    inaccurate INTEGER NOT NULL,
    comment TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_message_feedback_message_id ON message_feedback (message_id);
CREATE INDEX ix_message_feedback_tenant_id_created_at ON message_feedback (tenant_id, created_at);
