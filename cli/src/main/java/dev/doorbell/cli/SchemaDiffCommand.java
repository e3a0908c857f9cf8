package dev.doorbell.cli;

import dev.doorbell.cli.schema.HistoryDiff;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code doorbell schema diff vX vY}: local only, no registry. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Field-level diff between two local versions: fields added/removed, type and default changes, enum symbols.")
final class SchemaDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LocalHistoryOptions local;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "Which local history, when --dir holds several.")
    String subject;

    @Parameters(index = "0", paramLabel = "vX", description = "The older version, e.g. v1.")
    String from;

    @Parameters(index = "1", paramLabel = "vY", description = "The newer version, e.g. v2.")
    String to;

    @Override
    public Integer call() {
        int older;
        int newer;
        try {
            older = HistoryDiff.versionNumber(from);
            newer = HistoryDiff.versionNumber(to);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        HistoryDiff.lines(local.load().select(subject), older, newer).forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
