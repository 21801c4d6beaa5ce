-- Issue 6: learned profile facts, leads with their score changes, final summaries claimed once after inactivity.
CREATE TABLE profile_facts (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    user_id uuid NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind text NOT NULL,
    value text NOT NULL,
    source text NOT NULL,
    message_id uuid NULL REFERENCES messages (id) ON DELETE SET NULL,
    conversation_id uuid NULL REFERENCES conversations (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT ck_profile_facts_owner CHECK ((user_id IS NULL) <> (session_id IS NULL))
);
CREATE INDEX ix_profile_facts_tenant_id_user_id ON profile_facts (tenant_id, user_id);
CREATE INDEX ix_profile_facts_tenant_id_session_id ON profile_facts (tenant_id, session_id);
CREATE INDEX ix_profile_facts_message_id ON profile_facts (message_id);
CREATE INDEX ix_profile_facts_conversation_id ON profile_facts (conversation_id);

CREATE TABLE leads (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    user_id uuid NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NULL REFERENCES sessions (id) ON DELETE CASCADE,
    last_conversation_id uuid NULL REFERENCES conversations (id) ON DELETE SET NULL,
    name text NULL,
    email text NULL,
    phone text NULL,
    engagement_score double precision NOT NULL,
    intent_score double precision NOT NULL,
    temperature text NOT NULL,
    sentiment text NULL,
    signals jsonb NOT NULL,
    products jsonb NOT NULL,
    objections jsonb NOT NULL,
    summary text NULL,
    last_activity_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_leads_tenant_id_user_id ON leads (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX ix_leads_tenant_id_session_id ON leads (tenant_id, session_id) WHERE session_id IS NOT NULL;
CREATE INDEX ix_leads_tenant_id_temperature_last_activity_at ON leads (tenant_id, temperature, last_activity_at);
CREATE INDEX ix_leads_last_conversation_id ON leads (last_conversation_id);

CREATE TABLE lead_events (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    conversation_id uuid NULL,
    message_id uuid NULL,
    kind text NOT NULL,
    engagement_before double precision NOT NULL,
    engagement_after double precision NOT NULL,
    intent_before double precision NOT NULL,
    intent_after double precision NOT NULL,
    temperature_before text NOT NULL,
    temperature_after text NOT NULL,
    signals jsonb NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_lead_events_lead_id_created_at ON lead_events (lead_id, created_at);
CREATE INDEX ix_lead_events_tenant_id_created_at ON lead_events (tenant_id, created_at);

ALTER TABLE conversations ADD COLUMN summarized_at timestamptz NULL;
CREATE INDEX ix_conversations_tenant_id_summarized_at_last_message_at ON conversations (tenant_id, summarized_at, last_message_at);
ALTER TABLE conversation_summaries ADD COLUMN kind text NOT NULL DEFAULT 'rolling';
ALTER TABLE conversation_summaries ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb;

SELECT salesmate_isolate_tenant('profile_facts');
SELECT salesmate_isolate_tenant('leads');
SELECT salesmate_isolate_tenant('lead_events');
