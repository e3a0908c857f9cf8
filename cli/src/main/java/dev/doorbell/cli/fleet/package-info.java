/**
 * The application components as processes of their own: {@link dev.doorbell.cli.fleet.ComponentSpec} (the
 * {@code doorbell} command line of one), {@link dev.doorbell.cli.fleet.FleetComponents} (those of one pipeline),
 * {@link dev.doorbell.cli.fleet.Fleet} (starts, watches, kills, restarts and stops them) and
 * {@link dev.doorbell.cli.fleet.FleetStatus} (their status line, from their {@code /metrics} and the broker).
 * Used by {@code doorbell up --processes} and by the chaos suite's SIGKILL scenarios.
 */
package dev.doorbell.cli.fleet;
