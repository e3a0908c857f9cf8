package dev.doorbell.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;

/**
 * A {@link GenericData} that maps the logical types our schemas use to Java types ({@code uuid} →
 * {@link java.util.UUID}, {@code timestamp-micros}/{@code -millis} → {@link java.time.Instant}), so generic
 * records (e.g. read with an older schema version) carry the same values as the generated classes.
 */
final class LogicalTypesModel {

    private LogicalTypesModel() {
    }

    /** A new model; each caller owns its instance. */
    static GenericData create() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }
}
