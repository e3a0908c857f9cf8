package dev.doorbell.cli.replay;

/** Turns a replayed record into one line of output (without the line break). Stateless, thread-safe. */
public interface RecordRenderer {

    String render(ReplayedRecord record);

    static RecordRenderer of(ReplayFormat format) {
        return switch (format) {
            case TABLE -> new TableRenderer();
            case JSON -> new JsonRenderer();
        };
    }
}
