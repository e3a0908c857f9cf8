-- Doorbell control-plane schema, version 4: the watcher sweep reads the VMMs to check in
-- (sled_id, id) order, so that each page holds the VMMs of few sleds and each sled is asked for
-- their states in few large requests. It reads every VMM but destroyed ones: creating ones too (a
-- sled that already reports one caught a lost first ring).
CREATE INDEX vmm_sweep ON vmm (sled_id, id) WHERE state <> 'destroyed';
-- The sweep's former index (ids of VMMs but creating and destroyed ones, in id order): no query reads it now.
DROP INDEX vmm_on_sled;
