-- Issue 5: knowledge base documents and chunks, embedding and answer caches, contributions (seed 002).
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    namespace TEXT NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    stored_name TEXT NULL,
    source_url TEXT NULL,
    size_bytes INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT NULL,
    page_count INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    tags TEXT NOT NULL,
    uploaded_by_user_id TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    contribution_id TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    indexed_at TEXT NULL
);
CREATE TABLE document_chunks (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    namespace TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER NULL,
    section TEXT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    token_count INTEGER NOT NULL,
    embedding BLOB NULL,
    embedding_model TEXT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE embedding_cache (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE answer_cache (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    namespace TEXT NOT NULL,
    question TEXT NOT NULL,
    question_embedding BLOB NOT NULL,
    embedding_model TEXT NOT NULL,
    answer TEXT NOT NULL,
    sources_json TEXT NOT NULL,
    knowledge_version INTEGER NOT NULL,
    hit_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE contributions (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    namespace TEXT NOT NULL,
    user_id TEXT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id TEXT NULL REFERENCES sessions (id) ON DELETE SET NULL,
    email TEXT NULL,
    title TEXT NOT NULL,
    category TEXT NULL,
    text TEXT NULL,
    file_name TEXT NULL,
    stored_name TEXT NULL,
    status TEXT NOT NULL,
    reviewed_by_user_id TEXT NULL,
    reviewed_at TEXT NULL,
    review_note TEXT NULL,
    document_id TEXT NULL REFERENCES documents (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_documents_tenant_id_namespace_content_hash ON documents (tenant_id, namespace, content_hash);
CREATE INDEX ix_documents_tenant_id_namespace_status ON documents (tenant_id, namespace, status);
CREATE UNIQUE INDEX ix_document_chunks_document_id_ordinal ON document_chunks (document_id, ordinal);
CREATE INDEX ix_document_chunks_tenant_id_namespace ON document_chunks (tenant_id, namespace);
CREATE UNIQUE INDEX ix_embedding_cache_tenant_id_model_text_hash ON embedding_cache (tenant_id, model, text_hash);
CREATE INDEX ix_answer_cache_tenant_id_namespace_expires_at ON answer_cache (tenant_id, namespace, expires_at);
CREATE INDEX ix_contributions_tenant_id_status ON contributions (tenant_id, status);
CREATE INDEX ix_contributions_user_id ON contributions (user_id);
ALTER TABLE tenants ADD COLUMN knowledge_version INTEGER NOT NULL DEFAULT 0;
