/**
 * The whole-fleet consistency check ({@code doorbell audit}): {@link Audit} compares every VMM as the
 * database shows it (the read API, through a {@link FleetView}) with its sled's own answer (bulk
 * {@code POST /vmms/states}, one VMM at a time from an API 1.0.0 sled: a
 * {@link dev.doorbell.reconciler.sweep.SledStateCheck#overAnyVersion}), sled by sled with bounded
 * concurrency, and returns an {@link AuditReport}; {@link VmmComparison} classifies one VMM (in sync,
 * behind, gone, conflict; diverged once past the grace period), {@link AuditText} and {@link AuditJson}
 * render the report. It lives in the reconciler module, beside the clients of the control plane's APIs,
 * because every tool that checks the fleet (the cli, the bench, the chaos suite) depends on this module.
 */
package dev.doorbell.reconciler.audit;
