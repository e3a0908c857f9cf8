/**
 * The control API ({@link ControlApi}): sled registration ({@link SledRegistry}) and instance create, start,
 * stop, reboot and migrate ({@link InstanceLifecycle}), shaped as omicron's sagas. Rows are written first,
 * placements and sled records are published to the directory topics ({@link DirectoryWriter}), then the
 * sled-agent is called ({@link SledAgentClient}, at a {@link SledEndpoint}); what the sled answers is
 * published to {@code vmm.states} as a control-response observation ({@link ControlResponses}).
 */
package dev.doorbell.reconciler.control;
