-- Issue 6: learned profile facts, leads with their score changes, final summaries claimed once after inactivity.
CREATE TABLE profile_facts (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    message_id TEXT NULL REFERENCES messages (id) ON DELETE SET NULL,
    conversation_id TEXT NULL REFERENCES conversations (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT ck_profile_facts_owner CHECK ((user_id IS NULL) <> (session_id IS NULL))
);
CREATE INDEX ix_profile_facts_tenant_id_user_id ON profile_facts (tenant_id, user_id);
CREATE INDEX ix_profile_facts_tenant_id_session_id ON profile_facts (tenant_id, session_id);
CREATE INDEX ix_profile_facts_message_id ON profile_facts (message_id);
CREATE INDEX ix_profile_facts_conversation_id ON profile_facts (conversation_id);

CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    last_conversation_id TEXT NULL REFERENCES conversations (id) ON DELETE SET NULL,
    name TEXT NULL,
    email TEXT NULL,
    phone TEXT NULL,
    engagement_score REAL NOT NULL,
    intent_score REAL NOT NULL,
    temperature TEXT NOT NULL,
    sentiment TEXT NULL,
    signals TEXT NOT NULL,
    products TEXT NOT NULL,
    objections TEXT NOT NULL,
    summary TEXT NULL,
    last_activity_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_leads_tenant_id_user_id ON leads (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX ix_leads_tenant_id_session_id ON leads (tenant_id, session_id) WHERE session_id IS NOT NULL;
CREATE INDEX ix_leads_tenant_id_temperature_last_activity_at ON leads (tenant_id, temperature, last_activity_at);
CREATE INDEX ix_leads_last_conversation_id ON leads (last_conversation_id);

CREATE TABLE lead_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    conversation_id TEXT NULL,
    message_id TEXT NULL,
    kind TEXT NOT NULL,
    engagement_before REAL NOT NULL,
    engagement_after REAL NOT NULL,
    intent_before REAL NOT NULL,
    intent_after REAL NOT NULL,
    temperature_before TEXT NOT NULL,
    temperature_after TEXT NOT NULL,
    signals TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_lead_events_lead_id_created_at ON lead_events (lead_id, created_at);
CREATE INDEX ix_lead_events_tenant_id_created_at ON lead_events (tenant_id, created_at);

ALTER TABLE conversations ADD COLUMN summarized_at TEXT NULL;
CREATE INDEX ix_conversations_tenant_id_summarized_at_last_message_at ON conversations (tenant_id, summarized_at, last_message_at);
ALTER TABLE conversation_summaries ADD COLUMN kind TEXT NOT NULL DEFAULT 'rolling';
ALTER TABLE conversation_summaries ADD COLUMN details TEXT NOT NULL DEFAULT '{}';

