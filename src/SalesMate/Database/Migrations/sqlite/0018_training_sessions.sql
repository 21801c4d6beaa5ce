-- Issue 8: trainer conversations in training or role-play mode, and the role-play score report.
CREATE TABLE training_sessions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    mode TEXT NOT NULL,
    profile TEXT NULL,
    report TEXT NULL,
    score INTEGER NULL,
    scored_at TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_training_sessions_conversation_id ON training_sessions (conversation_id);
CREATE INDEX ix_training_sessions_tenant_id_created_at ON training_sessions (tenant_id, created_at);
