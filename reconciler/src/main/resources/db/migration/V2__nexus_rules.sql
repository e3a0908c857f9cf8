-- Doorbell control-plane schema, version 2: the rows are the control plane's, as in omicron.
-- The control API creates VMM rows (state 'creating', generation 1) and migration rows (both sides
-- 'pending', generation 1) before it calls a sled; observations only move them forward.

-- VMM: 'creating' is the control plane's own state (no sled has the VMM yet). The failure reason is
-- omicron's closed set (VmmFailureReason), set if and only if the VMM failed; what the sled said
-- about a failure it reported itself (API 2.0.0 'failure_reason', e.g. 'propolis_crashed') is kept
-- beside it as failure_detail.
ALTER TABLE vmm ADD COLUMN failure_detail text NULL;
UPDATE vmm SET failure_detail = failure_reason,
               failure_reason = 'from_sled_agent'
 WHERE state = 'failed' AND (failure_reason IS NULL
       OR failure_reason NOT IN ('from_sled_agent', 'no_such_instance', 'sled_expunged', 'sled_off'));
UPDATE vmm SET failure_detail = COALESCE(failure_detail, failure_reason), failure_reason = NULL WHERE state <> 'failed';
ALTER TABLE vmm DROP CONSTRAINT vmm_state_check;
ALTER TABLE vmm ADD CONSTRAINT vmm_state_check CHECK (state IN ('creating', 'starting', 'running', 'stopping', 'stopped',
                                                                'rebooting', 'migrating', 'failed', 'destroyed'));
ALTER TABLE vmm ADD CONSTRAINT vmm_failure_reason_check
    CHECK (failure_reason IN ('from_sled_agent', 'no_such_instance', 'sled_expunged', 'sled_off'));
ALTER TABLE vmm ADD CONSTRAINT vmm_failure_reason_iff_failed CHECK ((failure_reason IS NOT NULL) = (state = 'failed'));

-- The watcher checks every VMM a sled may hold: all but 'creating' and 'destroyed' (failed ones too).
DROP INDEX vmm_not_terminal;
CREATE INDEX vmm_on_sled ON vmm (id) WHERE state NOT IN ('creating', 'destroyed');
CREATE INDEX vmm_sled ON vmm (sled_id);

-- Instance: 'creating' as in omicron's InstanceState; the failure reason is the closed set too,
-- set if and only if the instance failed (it follows the reason of the VMM whose failure unlinked it).
UPDATE instance SET failure_reason = 'from_sled_agent'
 WHERE state = 'failed' AND (failure_reason IS NULL
       OR failure_reason NOT IN ('from_sled_agent', 'no_such_instance', 'sled_expunged', 'sled_off'));
UPDATE instance SET failure_reason = NULL WHERE state <> 'failed';
ALTER TABLE instance DROP CONSTRAINT instance_state_check;
ALTER TABLE instance ADD CONSTRAINT instance_state_check
    CHECK (state IN ('creating', 'no_vmm', 'vmm', 'failed', 'destroyed'));
ALTER TABLE instance ADD CONSTRAINT instance_failure_reason_check
    CHECK (failure_reason IN ('from_sled_agent', 'no_such_instance', 'sled_expunged', 'sled_off'));
ALTER TABLE instance ADD CONSTRAINT instance_failure_reason_iff_failed CHECK ((failure_reason IS NOT NULL) = (state = 'failed'));

-- Migration: each side starts 'pending' at generation 1 (omicron's dbinit.sql); a side never
-- reported so far is exactly that.
UPDATE migration SET source_state = 'pending', source_gen = 1 WHERE source_state IS NULL;
UPDATE migration SET target_state = 'pending', target_gen = 1 WHERE target_state IS NULL;
UPDATE migration SET source_time_updated = time_created WHERE source_time_updated IS NULL;
UPDATE migration SET target_time_updated = time_created WHERE target_time_updated IS NULL;
ALTER TABLE migration ALTER COLUMN source_state SET DEFAULT 'pending', ALTER COLUMN source_state SET NOT NULL,
                      ALTER COLUMN source_gen SET DEFAULT 1,
                      ALTER COLUMN source_time_updated SET DEFAULT now(), ALTER COLUMN source_time_updated SET NOT NULL,
                      ALTER COLUMN target_state SET DEFAULT 'pending', ALTER COLUMN target_state SET NOT NULL,
                      ALTER COLUMN target_gen SET DEFAULT 1,
                      ALTER COLUMN target_time_updated SET DEFAULT now(), ALTER COLUMN target_time_updated SET NOT NULL;
CREATE INDEX migration_source ON migration (source_vmm_id);
CREATE INDEX migration_target ON migration (target_vmm_id);

-- Omicron's instance updater lock: set by a start or migrate for as long as it runs (rows committed,
-- sleds called, outcome recorded or unwound), so concurrent control calls on the instance are refused.
ALTER TABLE instance ADD COLUMN updater_id uuid NULL;
