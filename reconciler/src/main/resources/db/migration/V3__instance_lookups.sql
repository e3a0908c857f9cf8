-- Applying observations finds the instances whose active VMM, target VMM or migration changed
-- (InstanceUpdates: "active_vmm_id = ANY (?) OR target_vmm_id = ANY (?) OR migration_id = ANY (?)").
-- Without these indexes each apply transaction scanned the whole instance table: with 10,000
-- instances a direct upcall (one observation per transaction) cost PostgreSQL about 2 ms of CPU.
CREATE INDEX instance_active_vmm ON instance (active_vmm_id);
CREATE INDEX instance_target_vmm ON instance (target_vmm_id);
CREATE INDEX instance_migration ON instance (migration_id);
