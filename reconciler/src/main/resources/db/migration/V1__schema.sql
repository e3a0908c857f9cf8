-- Doorbell control-plane schema, version 1. Names follow omicron where it has them.

-- A sled registers its sled-agent address and the state API versions it speaks.
CREATE TABLE sled (
    id               uuid        PRIMARY KEY,
    address          text        NOT NULL,
    api_versions     text[]      NOT NULL DEFAULT '{}',
    state            text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'off', 'expunged')),
    time_registered  timestamptz NOT NULL DEFAULT now(),
    time_modified    timestamptz NOT NULL DEFAULT now()
);

-- An instance: what a user asked for. While it runs it has an active VMM (and, during a live
-- migration, a target VMM and the migration). `state` is the control plane's own record
-- (omicron's InstanceState): no_vmm, vmm, failed, destroyed; the effective state shown to users
-- is derived from it and the active VMM's state.
CREATE TABLE instance (
    id                  uuid        PRIMARY KEY,
    name                text        NOT NULL UNIQUE,
    state               text        NOT NULL DEFAULT 'no_vmm' CHECK (state IN ('no_vmm', 'vmm', 'failed', 'destroyed')),
    active_vmm_id       uuid        NULL,
    target_vmm_id       uuid        NULL,
    migration_id        uuid        NULL,
    failure_reason      text        NULL,
    time_created        timestamptz NOT NULL DEFAULT now(),
    time_state_updated  timestamptz NOT NULL DEFAULT now()
);

-- A VMM as the sleds report it. Every column below instance_id comes from observations, so a
-- replay of vmm.states into an empty database rebuilds them; instance_id is known only to the
-- control API (NULL for a VMM the control plane did not start, e.g. on rebuild).
-- Guard: a row changes only if the incoming generation is greater than state_generation.
CREATE TABLE vmm (
    id                  uuid        PRIMARY KEY,
    instance_id         uuid        NULL,
    sled_id             uuid        NOT NULL,
    state               text        NOT NULL CHECK (state IN ('starting', 'running', 'stopping', 'stopped', 'rebooting',
                                                              'migrating', 'failed', 'destroyed')),
    state_generation    bigint      NOT NULL CHECK (state_generation >= 0),
    time_state_updated  timestamptz NOT NULL,
    failure_reason      text        NULL,
    last_source         text        NOT NULL,
    last_observed_at    timestamptz NOT NULL,
    time_created        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vmm_instance ON vmm (instance_id);
CREATE INDEX vmm_not_terminal ON vmm (id) WHERE state NOT IN ('failed', 'destroyed');

-- A live migration. Each side has its own generation: the source VMM reports migration_out,
-- the target VMM migration_in, and each side of the row changes only when its own generation grows.
CREATE TABLE migration (
    id                    uuid        PRIMARY KEY,
    instance_id           uuid        NULL,
    source_vmm_id         uuid        NULL,
    target_vmm_id         uuid        NULL,
    source_state          text        NULL CHECK (source_state IN ('pending', 'in_progress', 'failed', 'completed')),
    source_gen            bigint      NOT NULL DEFAULT 0,
    source_time_updated   timestamptz NULL,
    target_state          text        NULL CHECK (target_state IN ('pending', 'in_progress', 'failed', 'completed')),
    target_gen            bigint      NOT NULL DEFAULT 0,
    target_time_updated   timestamptz NULL,
    time_created          timestamptz NOT NULL DEFAULT now()
);
