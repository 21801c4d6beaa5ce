-- Issue 8: trainer conversations in training or role-play mode, and the role-play score report.
CREATE TABLE training_sessions (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    mode text NOT NULL,
    profile text NULL,
    report text NULL,
    score integer NULL,
    scored_at timestamptz NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_training_sessions_conversation_id ON training_sessions (conversation_id);
CREATE INDEX ix_training_sessions_tenant_id_created_at ON training_sessions (tenant_id, created_at);
SELECT salesmate_isolate_tenant('training_sessions');
