-- Issue 3 (turn overhead): tenants.personas_version is bumped by triggers on every write to a tenant's assistant or
-- shopper personas, however it is made (EF, ExecuteUpdate, the seed CLI, another instance), so each instance can
-- keep the personas in memory and read the version with the tenant row a chat turn reads anyway.
-- tenants has no row-level security (it has no tenant_id), so the trigger's UPDATE needs no bypass.
ALTER TABLE tenants ADD COLUMN personas_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION salesmate_bump_personas_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE tenants SET personas_version = personas_version + 1 WHERE id = OLD.tenant_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.tenant_id IS DISTINCT FROM OLD.tenant_id) THEN
        UPDATE tenants SET personas_version = personas_version + 1 WHERE id = NEW.tenant_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER personas_version AFTER INSERT OR UPDATE OR DELETE ON personas
    FOR EACH ROW EXECUTE FUNCTION salesmate_bump_personas_version();
CREATE TRIGGER shopper_personas_version AFTER INSERT OR UPDATE OR DELETE ON shopper_personas
    FOR EACH ROW EXECUTE FUNCTION salesmate_bump_personas_version();
