package dev.doorbell.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.junit.jupiter.api.Test;

class ReaderWriterCheckTest {

    /** The observation's shape in small: a union of records, one of them holding a record with a generation. */
    private static final String WITH_GEN = """
            {"type":"record","name":"Observation","fields":[
              {"name":"vmm_id","type":"string"},
              {"name":"outcome","type":[
                {"type":"record","name":"SledVmmState","fields":[
                  {"name":"vmm_state","type":{"type":"record","name":"VmmRuntimeState","fields":[{"name":"state","type":"string"},{"name":"gen","type":"long"}]}},
                  {"name":"migration_in","type":["null",{"type":"record","name":"MigrationRuntimeState","fields":[{"name":"gen","type":"long"}]}],"default":null}]},
                {"type":"record","name":"NoSuchVmm","fields":[]}]}]}""";

    @Test
    void aFieldRemovedInsideAUnionBranchIsNamedDownToTheField() {
        Schema reader = parse(WITH_GEN);
        Schema writer = parse(WITH_GEN.replace("{\"name\":\"state\",\"type\":\"string\"},{\"name\":\"gen\",\"type\":\"long\"}",
                "{\"name\":\"state\",\"type\":\"string\"}"));

        assertThat(ReaderWriterCheck.between(reader, writer)).containsExactly(new LocatedIncompatibility(
                "/fields/1/type/0/fields/0/type/fields/1", "outcome[SledVmmState].vmm_state.gen",
                SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE, "gen"));
        // a reader without the field just skips the writer's
        assertThat(ReaderWriterCheck.between(writer, reader)).isEmpty();
    }

    @Test
    void unionsInsideUnionsAreFollowedToo() {
        Schema reader = parse(WITH_GEN);
        Schema writer = parse(WITH_GEN.replace("{\"name\":\"gen\",\"type\":\"long\"}]}]",
                "{\"name\":\"gen\",\"type\":\"string\"}]}]"));

        List<LocatedIncompatibility> found = ReaderWriterCheck.between(reader, writer);

        assertThat(found).singleElement().satisfies(i -> {
            assertThat(i.fieldPath()).isEqualTo("outcome[SledVmmState].migration_in[MigrationRuntimeState].gen");
            assertThat(i.rule()).isEqualTo(SchemaIncompatibilityType.TYPE_MISMATCH);
            assertThat(i.where()).startsWith("/fields/1/type/0/fields/1/type/1/fields/0/type");
        });
    }

    @Test
    void aBranchWithNoNamesakeKeepsAvrosReport() {
        Schema reader = parse(WITH_GEN);
        Schema writer = parse(WITH_GEN.replace("\"NoSuchVmm\"", "\"SledUnreachable\""));

        assertThat(ReaderWriterCheck.between(reader, writer)).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo(SchemaIncompatibilityType.MISSING_UNION_BRANCH);
            assertThat(i.location()).isEqualTo("/fields/1/type/1");
        });
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
