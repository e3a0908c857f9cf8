package dev.doorbell.serde;

import dev.doorbell.schemas.SchemaHistory;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Observations as a v1 writer (an old release) makes them: generic records of the history's v1 schema. */
public final class V1Observations {

    public static final Schema V1 = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE).versions().get(0).schema();
    public static final Schema V2 = SchemaHistory.fromClasspath(SchemaHistory.VMM_STATES_VALUE).versions().get(1).schema();

    private V1Observations() {
    }

    /** A running VMM with no migration, as v1. */
    public static GenericRecord running(UUID vmmId) {
        Schema sledVmmState = V1.getField("outcome").schema().getTypes().get(0);
        Schema runtime = sledVmmState.getField("vmm_state").schema();
        GenericRecord vmmState = new GenericData.Record(runtime);
        vmmState.put("state", new GenericData.EnumSymbol(runtime.getField("state").schema(), "running"));
        vmmState.put("gen", 7L);
        vmmState.put("time_updated", Observations.T0.minusSeconds(1));
        GenericRecord state = new GenericData.Record(sledVmmState);
        state.put("vmm_state", vmmState);
        state.put("migration_in", null);
        state.put("migration_out", null);
        GenericRecord observation = new GenericData.Record(V1);
        observation.put("vmm_id", vmmId);
        observation.put("sled_id", UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
        observation.put("observed_at", Observations.T0);
        observation.put("sled_api_version", "1.0.0");
        observation.put("source", new GenericData.EnumSymbol(V1.getField("source").schema(), "legacy_upcall_body"));
        observation.put("rings", 0L);
        observation.put("first_rung_at", null);
        observation.put("outcome", state);
        return observation;
    }
}
