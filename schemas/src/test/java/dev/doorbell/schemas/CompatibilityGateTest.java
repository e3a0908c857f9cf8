package dev.doorbell.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.schemas.avro.VmmStateObservation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityGateTest {

    private static final Path REAL_HISTORY = Path.of("src/main/avro");
    private static final Path FIXTURES = Path.of("src/test/resources/gate-fixtures");

    private final GateRun gate = new GateRun(new CompatibilityGate());

    @Test
    void realHistoryIsFullTransitiveAndCodegenCompilesTheNewest() {
        assertThat(gate.problems(REAL_HISTORY, List.of("vmm.states-value=v2"))).isEmpty();
    }

    @Test
    void historyOnTheClasspathMatchesTheSourceTree() {
        SchemaHistory shipped = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE);
        SchemaHistory source = SchemaHistory.load(REAL_HISTORY.resolve(SchemaHistory.VMM_STATES_VALUE));
        assertThat(shipped).isEqualTo(source);
        assertThat(PortableSchema.of(VmmStateObservation.getClassSchema()))
                .isEqualTo(shipped.newest().schema())
                .hasToString(shipped.newest().schema().toString());
    }

    @Test
    void requiredFieldWithoutDefaultFailsNamingFieldAndRule() {
        List<String> problems = gate.problems(FIXTURES.resolve("required-field-without-default"), List.of());

        assertThat(problems).containsExactlyInAnyOrder(
                "vmm.states-value v3 is not FULL_TRANSITIVE-compatible with v1: reader v3 cannot read writer v1"
                        + " at /fields/8 (foo): READER_FIELD_MISSING_DEFAULT_VALUE 'foo'",
                "vmm.states-value v3 is not FULL_TRANSITIVE-compatible with v2: reader v3 cannot read writer v2"
                        + " at /fields/8 (foo): READER_FIELD_MISSING_DEFAULT_VALUE 'foo'");
    }

    @Test
    void changedFieldTypeFailsBothWaysNamingFieldAndRule() {
        List<String> problems = gate.problems(FIXTURES.resolve("field-type-changed"), List.of());

        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p)
                .contains("(rings)")
                .contains("TYPE_MISMATCH"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "vmm.states-value v3 is not FULL_TRANSITIVE-compatible with v1: reader v1 cannot read writer v3 at /fields/5/type (rings)"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "vmm.states-value v3 is not FULL_TRANSITIVE-compatible with v2: reader v3 cannot read writer v2 at /fields/5/type (rings)"));
    }

    @Test
    void enumGainingASymbolPassesBecauseReadersFallBackToTheDefault() {
        assertThat(gate.problems(FIXTURES.resolve("enum-gains-symbol"), List.of())).isEmpty();
    }

    @Test
    void codegenPinnedToAnOlderVersionFails() {
        assertThat(gate.problems(FIXTURES.resolve("enum-gains-symbol"), List.of("vmm.states-value=v2")))
                .containsExactly("vmm.states-value: codegen compiles v2 but the newest version is v3"
                        + " (update the pin in schemas/pom.xml)");
    }
}
