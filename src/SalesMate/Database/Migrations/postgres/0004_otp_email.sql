-- Issue 4 (sessions, OTP, privacy): the session janitor finds idle sessions per tenant by last activity.
CREATE INDEX ix_sessions_tenant_id_last_activity_at ON sessions (tenant_id, last_activity_at);
