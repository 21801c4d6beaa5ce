-- Issue 3: resumable streams, idempotency keys, API keys for the OpenAI-compatible endpoint, per-persona model settings.
CREATE TABLE chat_streams (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    user_message_id TEXT NULL,
    assistant_message_id TEXT NULL,
    status TEXT NOT NULL,
    idempotency_key TEXT NULL,
    request_hash TEXT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL,
    expires_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_chat_streams_tenant_id_session_id_idempotency_key ON chat_streams (tenant_id, session_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_chat_streams_conversation_id_created_at ON chat_streams (conversation_id, created_at);

CREATE TABLE stream_events (
    stream_id TEXT NOT NULL REFERENCES chat_streams (id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    event TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT pk_stream_events PRIMARY KEY (stream_id, sequence)
);

CREATE TABLE idempotency_keys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    session_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    status_code INTEGER NULL,
    response_body TEXT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL
);
CREATE UNIQUE INDEX ix_idempotency_keys_tenant_id_session_id_key ON idempotency_keys (tenant_id, session_id, key);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at TEXT NULL
);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);

ALTER TABLE personas ADD COLUMN model TEXT NULL;
ALTER TABLE personas ADD COLUMN temperature REAL NULL;
ALTER TABLE personas ADD COLUMN max_tokens INTEGER NULL;
