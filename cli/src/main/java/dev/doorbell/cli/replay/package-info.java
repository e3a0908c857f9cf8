/**
 * {@code doorbell replay}: reads any topic without a consumer group and shows each record decoded.
 * {@link ReplayPlan} is the validated request, {@link Replayer} reads it ({@link ReplayClientConfig} builds its
 * clients), {@link RecordDecoder} decodes each record by topic and {@link TableRenderer} or {@link JsonRenderer}
 * prints it; a malformed record is shown, never fatal.
 */
package dev.doorbell.cli.replay;
