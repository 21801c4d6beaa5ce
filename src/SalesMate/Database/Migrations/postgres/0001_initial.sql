-- SalesMate initial schema (PostgreSQL). Every tenant-owned table carries tenant_id from day one.
CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    catalog_version bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_tenants_slug ON tenants (slug);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    email text NOT NULL,
    display_name text NULL,
    password_hash text NULL,
    role text NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    last_active_at timestamptz NULL
);
CREATE UNIQUE INDEX ix_users_tenant_id_email ON users (tenant_id, email);

CREATE TABLE user_profiles (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    budget_min numeric(14,2) NULL,
    budget_max numeric(14,2) NULL,
    currency text NOT NULL,
    categories jsonb NOT NULL DEFAULT '[]'::jsonb,
    key_features jsonb NOT NULL DEFAULT '[]'::jsonb,
    preferences jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_user_profiles_tenant_id_user_id ON user_profiles (tenant_id, user_id);

CREATE TABLE personas (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    code text NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    system_prompt text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_personas_tenant_id_code ON personas (tenant_id, code);

CREATE TABLE shopper_personas (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    code text NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    budget_min numeric(14,2) NULL,
    budget_max numeric(14,2) NULL,
    currency text NOT NULL,
    categories jsonb NOT NULL DEFAULT '[]'::jsonb,
    key_features jsonb NOT NULL DEFAULT '[]'::jsonb,
    preferred_brands jsonb NOT NULL DEFAULT '[]'::jsonb,
    preferences jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_shopper_personas_tenant_id_code ON shopper_personas (tenant_id, code);

CREATE TABLE products (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    sku text NOT NULL,
    name text NOT NULL,
    brand text NOT NULL,
    category text NOT NULL,
    price numeric(14,2) NOT NULL CHECK (price >= 0),
    currency text NOT NULL,
    stock integer NOT NULL CHECK (stock >= 0),
    rating numeric(3,2) NULL,
    description text NOT NULL,
    specs jsonb NOT NULL DEFAULT '{}'::jsonb,
    tags jsonb NOT NULL DEFAULT '[]'::jsonb,
    search_text text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_products_tenant_id_sku ON products (tenant_id, sku);
CREATE INDEX ix_products_tenant_id_category_price ON products (tenant_id, category, price);
CREATE INDEX ix_products_tenant_id_brand ON products (tenant_id, brand);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    token_hash text NOT NULL,
    email text NULL,
    is_anonymous boolean NOT NULL DEFAULT true,
    user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL,
    last_activity_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_sessions_token_hash ON sessions (token_hash);
CREATE INDEX ix_sessions_tenant_id_email ON sessions (tenant_id, email);

CREATE TABLE conversations (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    assistant_persona_id uuid NULL REFERENCES personas (id) ON DELETE SET NULL,
    shopper_persona_id uuid NULL REFERENCES shopper_personas (id) ON DELETE SET NULL,
    title text NULL,
    status text NOT NULL,
    state jsonb NOT NULL DEFAULT '{}'::jsonb,
    message_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    last_message_at timestamptz NULL
);
CREATE INDEX ix_conversations_tenant_id_session_id_updated_at ON conversations (tenant_id, session_id, updated_at);

CREATE TABLE messages (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sequence integer NOT NULL,
    role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_messages_conversation_id_sequence ON messages (conversation_id, sequence);

CREATE TABLE conversation_summaries (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    summary text NOT NULL,
    messages_included integer NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_conversation_summaries_conversation_id ON conversation_summaries (conversation_id);

CREATE TABLE llm_requests (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    conversation_id uuid NULL,
    purpose text NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    request_body jsonb NULL,
    response_body jsonb NULL,
    prompt_tokens integer NULL,
    completion_tokens integer NULL,
    total_tokens integer NULL,
    tokens_estimated boolean NOT NULL DEFAULT false,
    unit_cost_prompt numeric(18,10) NULL,
    unit_cost_completion numeric(18,10) NULL,
    computed_cost numeric(18,10) NULL,
    latency_ms integer NULL,
    time_to_first_token_ms integer NULL,
    status text NOT NULL,
    error text NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_llm_requests_conversation_id_created_at ON llm_requests (conversation_id, created_at);
CREATE INDEX ix_llm_requests_tenant_id_created_at ON llm_requests (tenant_id, created_at);

CREATE TABLE usage_events (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    session_id uuid NULL,
    conversation_id uuid NULL,
    action text NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_usage_events_tenant_id_created_at ON usage_events (tenant_id, created_at);
