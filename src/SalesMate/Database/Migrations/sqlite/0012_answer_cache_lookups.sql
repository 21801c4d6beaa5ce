-- Issue 5: cited answers and the semantic answer cache. Cached answers are kept per agent as well as per namespace (two
-- agents may share a namespace, never their answers); cache_lookups counts hits and misses of the answer cache and
-- the embedding cache for the usage API.
ALTER TABLE answer_cache ADD COLUMN agent TEXT NOT NULL DEFAULT 'sales';
CREATE TABLE cache_lookups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    cache TEXT NOT NULL,
    hits INTEGER NOT NULL,
    misses INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_cache_lookups_tenant_id_created_at ON cache_lookups (tenant_id, created_at);
