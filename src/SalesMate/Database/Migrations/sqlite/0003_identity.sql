-- Issue 4: account sessions with rotating refresh tokens, email OTP, email events, admin audit log, agents per tenant.
CREATE TABLE auth_sessions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT NULL,
    revoked_reason TEXT NULL,
    user_agent TEXT NULL,
    ip_address TEXT NULL
);
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    session_id TEXT NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at TEXT NULL
);
CREATE TABLE otp_links (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    purpose TEXT NOT NULL,
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    otp_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    requested_ip TEXT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    consumed_at TEXT NULL,
    invalidated_at TEXT NULL
);
CREATE TABLE email_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE SET NULL,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NULL,
    kind TEXT NOT NULL,
    provider TEXT NOT NULL,
    status TEXT NOT NULL,
    provider_message_id TEXT NULL,
    provider_response TEXT NULL,
    error TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE audit_logs (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    actor_user_id TEXT NULL,
    actor_email TEXT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NULL,
    details TEXT NOT NULL,
    ip_address TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE tenant_agents (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    agent TEXT NOT NULL,
    is_enabled INTEGER NOT NULL,
    persona_code TEXT NULL,
    model TEXT NULL,
    temperature REAL NULL,
    max_tokens INTEGER NULL,
    retrieval_namespace TEXT NULL,
    created_at TEXT NOT NULL
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
ALTER TABLE users ADD COLUMN email_verified_at TEXT NULL;
ALTER TABLE users ADD COLUMN password_changed_at TEXT NULL;
