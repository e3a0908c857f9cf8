package dev.doorbell.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.CommandLineFactory;
import dev.doorbell.cli.schema.FieldChange.Kind;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {

    @Test
    void diffOfTheRealHistoryShowsFailureReasonAdded() {
        CliRun run = CliRun.of("schema", "diff", "v1", "v2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(
                "v1 → v2: + outcome[SledVmmState].vmm_state.failure_reason: [\"null\",\"string\"] = null");
    }

    @Test
    void reverseDiffShowsTheFieldRemoved() {
        CliRun run = CliRun.of("schema", "diff", "2", "1");

        assertThat(run.out().strip()).isEqualTo(
                "v2 → v1: - outcome[SledVmmState].vmm_state.failure_reason: [\"null\",\"string\"] = null");
    }

    @Test
    void diffShowsTypeChangesAndMissingDefaults() {
        CliRun typeChanged = CliRun.of("schema", "diff", "v2", "v3",
                "--dir", CliRun.fixture("schema-fixtures/rings-type-changed").toString());
        CliRun required = CliRun.of("schema", "diff", "v1", "v2",
                "--dir", CliRun.fixture("schema-fixtures/failure-reason-required/vmm.states-value").toString());

        assertThat(typeChanged.out().strip()).isEqualTo("v2 → v3: ~ rings: \"long\" → \"string\"");
        assertThat(required.out().strip()).isEqualTo(
                "v1 → v2: + outcome[SledVmmState].vmm_state.failure_reason: \"string\" (no default)");
    }

    @Test
    void enumSymbolsDefaultsAndUnionBranches() {
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[
                  {"name":"state","type":{"type":"enum","name":"S","symbols":["a","b","unknown"],"default":"unknown"}},
                  {"name":"count","type":"int","default":0},
                  {"name":"tags","type":{"type":"array","items":"string"}},
                  {"name":"choice","type":["null","string"],"default":null}]}""");
        Schema newer = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[
                  {"name":"state","type":{"type":"enum","name":"S","symbols":["a","c","unknown"],"default":"unknown"}},
                  {"name":"count","type":"int","default":1},
                  {"name":"tags","type":{"type":"array","items":"long"}},
                  {"name":"choice","type":["null","string","int"],"default":null}]}""");

        assertThat(SchemaDiff.between(older, newer)).containsExactly(
                new FieldChange(Kind.ADDED, "state", "enum S symbol c"),
                new FieldChange(Kind.REMOVED, "state", "enum S symbol b"),
                new FieldChange(Kind.CHANGED, "count", "default 0 → 1"),
                new FieldChange(Kind.CHANGED, "tags[]", "\"string\" → \"long\""),
                new FieldChange(Kind.CHANGED, "choice", "[\"null\",\"string\"] → [\"null\",\"string\",\"int\"]"));
        assertThat(SchemaDiff.between(older, older)).isEmpty();
    }

    @Test
    void sameVersionHasNoChanges() {
        assertThat(CliRun.of("schema", "diff", "v2", "v2").out().strip()).isEqualTo("v2 → v2: no field-level changes");
    }

    @Test
    void malformedVersionIsAUsageError() {
        CliRun run = CliRun.of("schema", "diff", "version-one", "v2");

        assertThat(run.exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(run.err().strip()).isEqualTo("doorbell: not a version: 'version-one' (want vN, e.g. v1)");
    }

    @Test
    void missingVersionIsOneLineFailure() {
        CliRun run = CliRun.of("schema", "diff", "v1", "v9");

        assertThat(run.exitCode()).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(run.err().strip()).isEqualTo("doorbell: vmm.states-value has no v9 (newest is v2)");
    }

    @Test
    void missingArgumentsAndUnknownSubcommandsAreUsageErrors() {
        assertThat(CliRun.of("schema", "diff", "v1").exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(CliRun.of("schema", "frobnicate").exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(CliRun.of("schema").exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(CliRun.of("schema", "check", "--dir").exitCode()).isEqualTo(CommandLineFactory.EXIT_USAGE);
    }
}
