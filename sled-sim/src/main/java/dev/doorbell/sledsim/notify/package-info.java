/**
 * How a simulated sled tells the control plane that a VMM changed, one class per notify mode:
 * {@link DoorbellNotifier} rings a doorbell (through a Kafka {@code DoorbellPublisher}),
 * {@link DoorbellHttpNotifier} rings the gateway over HTTP and {@link UpcallBodyNotifier} sends the legacy
 * state-bearing upcall. The HTTP modes coalesce per VMM in {@link CoalescingSender} and retry with
 * {@link dev.doorbell.model.Backoff}.
 */
package dev.doorbell.sledsim.notify;
