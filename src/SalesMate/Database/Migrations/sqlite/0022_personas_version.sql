-- Issue 3 (turn overhead): tenants.personas_version is bumped by triggers on every write to a tenant's assistant or
-- shopper personas, however it is made (EF, ExecuteUpdate, the seed CLI, another instance), so each instance can
-- keep the personas in memory and read the version with the tenant row a chat turn reads anyway.
ALTER TABLE tenants ADD COLUMN personas_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER personas_version_insert AFTER INSERT ON personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id = NEW.tenant_id;
END;
CREATE TRIGGER personas_version_update AFTER UPDATE ON personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
END;
CREATE TRIGGER personas_version_delete AFTER DELETE ON personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id = OLD.tenant_id;
END;
CREATE TRIGGER shopper_personas_version_insert AFTER INSERT ON shopper_personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id = NEW.tenant_id;
END;
CREATE TRIGGER shopper_personas_version_update AFTER UPDATE ON shopper_personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id IN (OLD.tenant_id, NEW.tenant_id);
END;
CREATE TRIGGER shopper_personas_version_delete AFTER DELETE ON shopper_personas BEGIN
    UPDATE tenants SET personas_version = personas_version + 1 WHERE id = OLD.tenant_id;
END;
