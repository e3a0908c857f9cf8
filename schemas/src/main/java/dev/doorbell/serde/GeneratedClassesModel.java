package dev.doorbell.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A {@link SpecificData} that maps the named types of one generated class's schema to their generated classes
 * directly, with that class's logical-type conversions.
 *
 * <p>Why: Avro 1.12 only instantiates classes it trusts by name ({@code ClassSecurityValidator}), configured
 * through JVM-global system properties. Instead of widening that global trust, this model trusts exactly the
 * classes generated for the reader schema it was built from; every other name still goes through Avro's check.
 */
public final class GeneratedClassesModel extends SpecificData {

    private final Map<String, Class<?>> classes;

    private GeneratedClassesModel(ClassLoader loader, Map<String, Class<?>> classes) {
        super(loader);
        this.classes = Map.copyOf(classes);
    }

    /** The model for reading into and writing from {@code type} and the generated types it contains. */
    public static GeneratedClassesModel of(Class<? extends SpecificRecord> type) {
        SpecificData generated = SpecificData.getForClass(type);
        Map<String, Class<?>> classes = new HashMap<>();
        collect(SpecificData.get().getSchema(type), type.getClassLoader(), classes);
        GeneratedClassesModel model = new GeneratedClassesModel(type.getClassLoader(), classes);
        for (Conversion<?> conversion : generated.getConversions()) {
            model.addLogicalTypeConversion(conversion);
        }
        return model;
    }

    private static void collect(Schema schema, ClassLoader loader, Map<String, Class<?>> classes) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (classes.containsKey(schema.getFullName())) {
                    return;
                }
                try {
                    // names from our own generated schema, never from a writer's
                    classes.put(schema.getFullName(), Class.forName(schema.getFullName(), false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("no generated class for " + schema.getFullName(), e);
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), loader, classes));
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collect(t, loader, classes));
            case ARRAY -> collect(schema.getElementType(), loader, classes);
            case MAP -> collect(schema.getValueType(), loader, classes);
            default -> { }
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        Class<?> generated = switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> classes.get(schema.getFullName());
            default -> null;
        };
        return generated != null ? generated : super.getClass(schema);
    }
}
