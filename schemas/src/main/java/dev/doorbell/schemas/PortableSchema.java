package dev.doorbell.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * A schema as the history and the registry hold it: without the Java code generator's hints
 * ({@code "avro.java.string": "String"}, which codegen adds to generated classes' schemas). The hints do not
 * change the binary encoding, but they change the schema's text, and a registry looks schemas up by text: the
 * generated class's schema and {@code vN.avsc} must register and look up as the same thing.
 */
public final class PortableSchema {

    private static final String JAVA_STRING_HINT = "avro.java.string";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PortableSchema() {
    }

    /** {@code schema} without Java codegen hints; {@code schema} itself if it has none. */
    public static Schema of(Schema schema) {
        String text = schema.toString();
        if (!text.contains(JAVA_STRING_HINT)) {
            return schema;
        }
        try {
            JsonNode tree = JSON.readTree(text);
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_HINT);
            // a bare {"type":"string"} left behind is equivalent to "string"; Avro parses both alike
        }
        node.forEach(PortableSchema::strip);
    }
}
