-- Issue 4: row-level security on every tenant-owned table, a second wall behind the EF query filters.
-- The app tells each command its tenant (SET salesmate.tenant_id, see Database/TenantSessionInterceptor.cs); with no
-- tenant set a table shows no rows and takes no writes. salesmate.all_tenants = 'on' is the audited bypass of the few
-- cross-tenant jobs (Database/ITenantContext.cs, CrossTenantJob) and of migrations. FORCE makes the policies bind the
-- tables' owner too; only superusers and BYPASSRLS roles skip them, so the app must not connect as one (app_role).

-- Plain SQL functions, so the planner inlines them. Policies wrap them in (SELECT ...) so each is evaluated once per
-- query, not once per row.
CREATE FUNCTION salesmate_tenant_id() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('salesmate.tenant_id', true), '')::uuid $$;
CREATE FUNCTION salesmate_all_tenants() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('salesmate.all_tenants', true), '') = 'on' $$;

-- Later migrations that add a tenant-owned table call this for it (RowLevelSecurityTests fails otherwise).
CREATE FUNCTION salesmate_isolate_tenant(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
    EXECUTE format('DROP POLICY IF EXISTS cross_tenant_jobs ON %s', target);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT salesmate_tenant_id())) '
        'WITH CHECK (tenant_id = (SELECT salesmate_tenant_id()))', target);
    EXECUTE format('CREATE POLICY cross_tenant_jobs ON %s USING ((SELECT salesmate_all_tenants())) '
        'WITH CHECK ((SELECT salesmate_all_tenants()))', target);
END
$$;

-- Every table with a tenant_id column, including those that migrations 0004-0007 add.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass
        FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
        ORDER BY c.relname
    LOOP
        PERFORM salesmate_isolate_tenant(t);
    END LOOP;
END
$$;
