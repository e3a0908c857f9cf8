package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The help of every command in the tree: picocli runs each help line through {@link String#format}, and a
 * stray {@code %} makes it print {@code [picocli WARN] Could not format ...} on stderr; a parent's list of
 * subcommands shows only a subcommand's first line, so that line must be a whole sentence.
 */
class HelpTextTest {

    private final StringWriter out = new StringWriter();
    private final CommandLine root = CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

    /** As written in the annotations: picocli's model hands out lines it has already rendered. */
    @Test
    void everyHelpLineIsAValidFormatString() {
        List<String> lines = new ArrayList<>();
        commands(root).forEach(spec -> {
            Command command = spec.userObject().getClass().getAnnotation(Command.class);
            if (command != null) {
                lines.addAll(List.of(command.header()));
                lines.addAll(List.of(command.description()));
            }
            spec.args().stream().map(ArgSpec::userObject).filter(Field.class::isInstance).map(Field.class::cast).forEach(field -> {
                Option option = field.getAnnotation(Option.class);
                Parameters parameters = field.getAnnotation(Parameters.class);
                lines.addAll(List.of(option != null ? option.description() : parameters != null ? parameters.description() : new String[0]));
            });
        });

        assertThat(lines).isNotEmpty().allSatisfy(line ->
                assertThatCode(() -> String.format(line)).as("help line %s", line).doesNotThrowAnyException());
    }

    @Test
    void reconcilerHelpShowsTheSweepJitterAsAPercentage() {
        assertThat(root.execute("reconciler", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("jittered ±10% (default PT30S)");
    }

    @Test
    void everySubcommandsLineInItsParentsListIsAWholeSentence() {
        List<String> summaries = commands(root).filter(spec -> spec.parent() != null).map(HelpTextTest::summary).toList();

        assertThat(summaries).isNotEmpty().allSatisfy(line -> assertThat(line.strip()).endsWith("."));
    }

    @Test
    void schemaHelpShowsWhatCheckDoesInFull() {
        assertThat(root.execute("schema", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("check The CI gate: check the local history against the registry and against itself; exit 1 if incompatible.");
    }

    @Test
    void rootHelpListsAuditWithWhatItDoes() {
        assertThat(root.execute("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains(
                "audit Check the whole fleet: compare every VMM in the database with its sled's own answer; exit 1 if any diverged.");
    }

    @Test
    void upHelpSaysTheDataDirectoryKeepsPostgresToo() {
        assertThat(root.execute("up", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--data-dir=<dataDir> Keep the broker's, the registry's and PostgreSQL's data here");
    }

    /** What picocli lists for a subcommand: its header if it has one, else its description's first line. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    }

    private static Stream<CommandSpec> commands(CommandLine line) {
        return Stream.concat(Stream.of(line.getCommandSpec()),
                line.getSubcommands().values().stream().distinct().flatMap(HelpTextTest::commands));
    }
}
