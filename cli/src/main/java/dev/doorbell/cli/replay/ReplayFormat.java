package dev.doorbell.cli.replay;

/** How replayed records are printed. */
public enum ReplayFormat {
    /** One readable line per record. */
    TABLE,
    /** One JSON object per line (JSON Lines), for {@code jq}. */
    JSON
}
