-- Issue 7: product imports run in the background; the job row carries progress and the row-level error report.
CREATE TABLE product_import_jobs (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    created_by_user_id uuid NULL REFERENCES users (id) ON DELETE SET NULL,
    file_name text NOT NULL,
    format text NOT NULL,
    skip_invalid boolean NOT NULL,
    status text NOT NULL,
    content bytea NULL,
    total_rows integer NOT NULL,
    processed_rows integer NOT NULL,
    created_count integer NOT NULL,
    updated_count integer NOT NULL,
    skipped_count integer NOT NULL,
    applied boolean NOT NULL,
    errors jsonb NOT NULL,
    error text NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz NULL,
    finished_at timestamptz NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_product_import_jobs_tenant_id_created_at ON product_import_jobs (tenant_id, created_at);
CREATE INDEX ix_product_import_jobs_tenant_id_status ON product_import_jobs (tenant_id, status);
SELECT salesmate_isolate_tenant('product_import_jobs');
