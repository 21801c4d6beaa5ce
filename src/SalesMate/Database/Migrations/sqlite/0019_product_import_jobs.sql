-- Issue 7: product imports run in the background; the job row carries progress and the row-level error report.
CREATE TABLE product_import_jobs (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    created_by_user_id TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    skip_invalid INTEGER NOT NULL,
    status TEXT NOT NULL,
    content BLOB NULL,
    total_rows INTEGER NOT NULL,
    processed_rows INTEGER NOT NULL,
    created_count INTEGER NOT NULL,
    updated_count INTEGER NOT NULL,
    skipped_count INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    errors TEXT NOT NULL,
    error TEXT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT NULL,
    finished_at TEXT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_product_import_jobs_tenant_id_created_at ON product_import_jobs (tenant_id, created_at);
CREATE INDEX ix_product_import_jobs_tenant_id_status ON product_import_jobs (tenant_id, status);
