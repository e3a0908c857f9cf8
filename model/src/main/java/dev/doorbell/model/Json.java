package dev.doorbell.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * Builds the project's Jackson mappers. Each call returns a new mapper; callers keep one per
 * component (mappers are thread-safe once configured and must not be reconfigured after use).
 *
 * <p>Every mapper writes timestamps as RFC 3339 text ({@code 2026-01-02T03:04:05.123Z}), and reads that common
 * shape without {@code java.time}'s general parser ({@link CommonInstantDeserializer}).
 */
public final class Json {
    private Json() {
    }

    /**
     * A tolerant mapper for reading what a newer peer may send: unknown properties are ignored
     * (a 2.0.0 field reaching a 1.0.0 reader), everything else is validated by the records.
     */
    public static ObjectMapper mapper() {
        return base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /**
     * {@link #mapper()} for answers keyed by thousands of distinct ids (a sled's {@code POST /vmms/states} answer):
     * property names are neither canonicalized nor interned. Jackson otherwise adds every name it reads to its symbol
     * table and the JVM's intern cache, made for a schema's few names: at 100,000 VMMs that was a quarter of the watcher
     * sweep thread's CPU.
     */
    public static ObjectMapper idKeyedMapper() {
        JsonFactory factory = JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
        return base(JsonMapper.builder(factory)).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /**
     * A strict mapper for input that must match a schema exactly: unknown properties, missing
     * required properties, nulls for numbers, numbers for enums, numbers or strings coerced to
     * other scalar types, and trailing tokens are all errors.
     */
    public static ObjectMapper strictMapper() {
        JsonMapper mapper = base()
                .addModule(new SimpleModule("rfc3339")
                        .addDeserializer(Instant.class, new Rfc3339InstantDeserializer()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    private static JsonMapper.Builder base() {
        return base(JsonMapper.builder());
    }

    private static JsonMapper.Builder base(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("rfc3339-common").setDeserializerModifier(CommonInstantDeserializer.inFront()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
