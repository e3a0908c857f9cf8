package dev.doorbell.cli.soak;

/** A SIGKILL the soak made: when (seconds since it began), which process, its pid. */
public record Kill(long second, String process, long pid) {
}
