package dev.doorbell.cli;

import dev.doorbell.cli.schema.LocalHistories;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local schema history comes from: the schemas jar by default, or a directory. */
public final class LocalHistoryOptions {

    @Option(names = "--dir", paramLabel = "PATH",
            description = "History directory of <subject>/vN.avsc files (or one subject's vN.avsc files); default: the history shipped in the schemas jar (vmm.states-value).")
    Path dir;

    LocalHistories load() {
        return LocalHistories.load(dir);
    }
}
