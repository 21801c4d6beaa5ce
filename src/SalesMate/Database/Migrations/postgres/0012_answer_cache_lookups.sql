-- Issue 5: cited answers and the semantic answer cache. Cached answers are kept per agent as well as per namespace (two
-- agents may share a namespace, never their answers); cache_lookups counts hits and misses of the answer cache and
-- the embedding cache for the usage API.
ALTER TABLE answer_cache ADD COLUMN agent text NOT NULL DEFAULT 'sales';
CREATE TABLE cache_lookups (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    cache text NOT NULL,
    hits integer NOT NULL,
    misses integer NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_cache_lookups_tenant_id_created_at ON cache_lookups (tenant_id, created_at);
SELECT salesmate_isolate_tenant('cache_lookups');
