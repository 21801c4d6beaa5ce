-- SalesMate initial schema (SQLite). Every tenant-owned table carries tenant_id from day one.
CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    settings TEXT NOT NULL DEFAULT '{}',
    catalog_version INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_tenants_slug ON tenants (slug);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL,
    display_name TEXT NULL,
    password_hash TEXT NULL,
    role TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    last_active_at TEXT NULL
);
CREATE UNIQUE INDEX ix_users_tenant_id_email ON users (tenant_id, email);

CREATE TABLE user_profiles (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    budget_min REAL NULL,
    budget_max REAL NULL,
    currency TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    key_features TEXT NOT NULL DEFAULT '[]',
    preferences TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_user_profiles_tenant_id_user_id ON user_profiles (tenant_id, user_id);

CREATE TABLE personas (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    system_prompt TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_personas_tenant_id_code ON personas (tenant_id, code);

CREATE TABLE shopper_personas (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    budget_min REAL NULL,
    budget_max REAL NULL,
    currency TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    key_features TEXT NOT NULL DEFAULT '[]',
    preferred_brands TEXT NOT NULL DEFAULT '[]',
    preferences TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_shopper_personas_tenant_id_code ON shopper_personas (tenant_id, code);

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    sku TEXT NOT NULL,
    name TEXT NOT NULL,
    brand TEXT NOT NULL,
    category TEXT NOT NULL,
    price REAL NOT NULL CHECK (price >= 0),
    currency TEXT NOT NULL,
    stock INTEGER NOT NULL CHECK (stock >= 0),
    rating REAL NULL,
    description TEXT NOT NULL,
    specs TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_products_tenant_id_sku ON products (tenant_id, sku);
CREATE INDEX ix_products_tenant_id_category_price ON products (tenant_id, category, price);
CREATE INDEX ix_products_tenant_id_brand ON products (tenant_id, brand);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    token_hash TEXT NOT NULL,
    email TEXT NULL,
    is_anonymous INTEGER NOT NULL DEFAULT 1,
    user_id TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_sessions_token_hash ON sessions (token_hash);
CREATE INDEX ix_sessions_tenant_id_email ON sessions (tenant_id, email);

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    assistant_persona_id TEXT NULL REFERENCES personas (id) ON DELETE SET NULL,
    shopper_persona_id TEXT NULL REFERENCES shopper_personas (id) ON DELETE SET NULL,
    title TEXT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '{}',
    message_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_message_at TEXT NULL
);
CREATE INDEX ix_conversations_tenant_id_session_id_updated_at ON conversations (tenant_id, session_id, updated_at);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_messages_conversation_id_sequence ON messages (conversation_id, sequence);

CREATE TABLE conversation_summaries (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    summary TEXT NOT NULL,
    messages_included INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_conversation_summaries_conversation_id ON conversation_summaries (conversation_id);

CREATE TABLE llm_requests (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    conversation_id TEXT NULL,
    purpose TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    request_body TEXT NULL,
    response_body TEXT NULL,
    prompt_tokens INTEGER NULL,
    completion_tokens INTEGER NULL,
    total_tokens INTEGER NULL,
    tokens_estimated INTEGER NOT NULL DEFAULT 0,
    unit_cost_prompt REAL NULL,
    unit_cost_completion REAL NULL,
    computed_cost REAL NULL,
    latency_ms INTEGER NULL,
    time_to_first_token_ms INTEGER NULL,
    status TEXT NOT NULL,
    error TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_llm_requests_conversation_id_created_at ON llm_requests (conversation_id, created_at);
CREATE INDEX ix_llm_requests_tenant_id_created_at ON llm_requests (tenant_id, created_at);

CREATE TABLE usage_events (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    session_id TEXT NULL,
    conversation_id TEXT NULL,
    action TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX ix_usage_events_tenant_id_created_at ON usage_events (tenant_id, created_at);
