-- Issue 5: knowledge base documents and chunks, embedding and answer caches, contributions (seed 002).
CREATE TABLE documents (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    namespace text NOT NULL,
    title text NOT NULL,
    file_name text NOT NULL,
    format text NOT NULL,
    stored_name text NULL,
    source_url text NULL,
    size_bytes bigint NOT NULL,
    content_hash text NOT NULL,
    status text NOT NULL,
    error text NULL,
    page_count integer NOT NULL,
    chunk_count integer NOT NULL,
    tags jsonb NOT NULL,
    uploaded_by_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    contribution_id uuid NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    indexed_at timestamptz NULL
);
CREATE TABLE document_chunks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    namespace text NOT NULL,
    ordinal integer NOT NULL,
    text text NOT NULL,
    page integer NULL,
    section text NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL,
    token_count integer NOT NULL,
    embedding bytea NULL,
    embedding_model text NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE embedding_cache (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    model text NOT NULL,
    text_hash text NOT NULL,
    vector bytea NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE answer_cache (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    namespace text NOT NULL,
    question text NOT NULL,
    question_embedding bytea NOT NULL,
    embedding_model text NOT NULL,
    answer text NOT NULL,
    sources_json text NOT NULL,
    knowledge_version bigint NOT NULL,
    hit_count integer NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE TABLE contributions (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    namespace text NOT NULL,
    user_id uuid NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NULL REFERENCES sessions (id) ON DELETE SET NULL,
    email text NULL,
    title text NOT NULL,
    category text NULL,
    text text NULL,
    file_name text NULL,
    stored_name text NULL,
    status text NOT NULL,
    reviewed_by_user_id uuid NULL,
    reviewed_at timestamptz NULL,
    review_note text NULL,
    document_id uuid NULL REFERENCES documents (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_documents_tenant_id_namespace_content_hash ON documents (tenant_id, namespace, content_hash);
CREATE INDEX ix_documents_tenant_id_namespace_status ON documents (tenant_id, namespace, status);
CREATE UNIQUE INDEX ix_document_chunks_document_id_ordinal ON document_chunks (document_id, ordinal);
CREATE INDEX ix_document_chunks_tenant_id_namespace ON document_chunks (tenant_id, namespace);
CREATE UNIQUE INDEX ix_embedding_cache_tenant_id_model_text_hash ON embedding_cache (tenant_id, model, text_hash);
CREATE INDEX ix_answer_cache_tenant_id_namespace_expires_at ON answer_cache (tenant_id, namespace, expires_at);
CREATE INDEX ix_contributions_tenant_id_status ON contributions (tenant_id, status);
CREATE INDEX ix_contributions_user_id ON contributions (user_id);
ALTER TABLE tenants ADD COLUMN knowledge_version bigint NOT NULL DEFAULT 0;
SELECT salesmate_isolate_tenant('documents');
SELECT salesmate_isolate_tenant('document_chunks');
SELECT salesmate_isolate_tenant('embedding_cache');
SELECT salesmate_isolate_tenant('answer_cache');
SELECT salesmate_isolate_tenant('contributions');
