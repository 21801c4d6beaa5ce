-- Issue 4: account sessions with rotating refresh tokens, email OTP, email events, admin audit log, agents per tenant.
CREATE TABLE auth_sessions (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NULL,
    revoked_reason text NULL,
    user_agent text NULL,
    ip_address text NULL
);
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    used_at timestamptz NULL
);
CREATE TABLE otp_links (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    email text NOT NULL,
    purpose text NOT NULL,
    session_id uuid NULL REFERENCES sessions (id) ON DELETE CASCADE,
    otp_hash text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    requested_ip text NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz NULL,
    invalidated_at timestamptz NULL
);
CREATE TABLE email_events (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    session_id uuid NULL REFERENCES sessions (id) ON DELETE SET NULL,
    to_email text NOT NULL,
    subject text NOT NULL,
    body text NULL,
    kind text NOT NULL,
    provider text NOT NULL,
    status text NOT NULL,
    provider_message_id text NULL,
    provider_response text NULL,
    error text NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE audit_logs (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    actor_user_id uuid NULL,
    actor_email text NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NULL,
    details jsonb NOT NULL,
    ip_address text NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE tenant_agents (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    agent text NOT NULL,
    is_enabled boolean NOT NULL,
    persona_code text NULL,
    model text NULL,
    temperature double precision NULL,
    max_tokens integer NULL,
    retrieval_namespace text NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_auth_sessions_user_id ON auth_sessions (user_id);
CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens_session_id ON refresh_tokens (session_id);
CREATE INDEX ix_otp_links_tenant_id_email_purpose ON otp_links (tenant_id, email, purpose);
CREATE INDEX ix_otp_links_tenant_id_requested_ip_created_at ON otp_links (tenant_id, requested_ip, created_at);
CREATE INDEX ix_otp_links_session_id ON otp_links (session_id);
CREATE INDEX ix_email_events_tenant_id_to_email ON email_events (tenant_id, to_email);
CREATE INDEX ix_email_events_session_id ON email_events (session_id);
CREATE INDEX ix_audit_logs_tenant_id_created_at ON audit_logs (tenant_id, created_at);
CREATE UNIQUE INDEX ix_tenant_agents_tenant_id_agent ON tenant_agents (tenant_id, agent);
ALTER TABLE users ADD COLUMN email_verified_at timestamptz NULL;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NULL;
