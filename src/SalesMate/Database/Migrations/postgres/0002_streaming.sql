-- Issue 3: resumable streams, idempotency keys, API keys for the OpenAI-compatible endpoint, per-persona model settings.
CREATE TABLE chat_streams (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    session_id uuid NOT NULL,
    user_message_id uuid NULL,
    assistant_message_id uuid NULL,
    status text NOT NULL,
    idempotency_key text NULL,
    request_hash text NULL,
    cancel_requested boolean NOT NULL DEFAULT false,
    error text NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz NULL,
    expires_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_chat_streams_tenant_id_session_id_idempotency_key ON chat_streams (tenant_id, session_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX ix_chat_streams_conversation_id_created_at ON chat_streams (conversation_id, created_at);

CREATE TABLE stream_events (
    stream_id uuid NOT NULL REFERENCES chat_streams (id) ON DELETE CASCADE,
    sequence integer NOT NULL,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    event text NOT NULL,
    data text NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT pk_stream_events PRIMARY KEY (stream_id, sequence)
);

CREATE TABLE idempotency_keys (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    session_id uuid NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status text NOT NULL,
    status_code integer NULL,
    response_body text NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_idempotency_keys_tenant_id_session_id_key ON idempotency_keys (tenant_id, session_id, key);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    name text NOT NULL,
    prefix text NOT NULL,
    key_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    last_used_at timestamptz NULL,
    revoked_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_api_keys_key_hash ON api_keys (key_hash);

ALTER TABLE personas ADD COLUMN model text NULL;
ALTER TABLE personas ADD COLUMN temperature double precision NULL;
ALTER TABLE personas ADD COLUMN max_tokens integer NULL;
