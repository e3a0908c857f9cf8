package dev.doorbell.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Type confusion: copies of a valid sample body with one member's value swapped for a value of
 * another JSON kind (text for a number, an object for text, a number for an object, text for an
 * array or a boolean). A typed reader rejects every one of them; members whose sample value is
 * {@code null} are left alone (their type is unknown).
 */
final class JsonMutations {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonMutations() {
    }

    static List<HostileBody> typeConfusions(String sample) {
        JsonNode root;
        try {
            root = MAPPER.readTree(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sample body is not JSON: " + sample, e);
        }
        List<HostileBody> bodies = new ArrayList<>();
        if (root instanceof ObjectNode object) {
            collect(root, object, "", bodies);
        }
        return bodies;
    }

    private static void collect(JsonNode root, ObjectNode object, String pointer, List<HostileBody> out) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = object.get(name);
            JsonNode confused = confuse(value);
            if (confused != null) {
                object.set(name, confused);
                out.add(HostileBody.json(pointer + "/" + name + " as " + confused.getNodeType().name().toLowerCase(Locale.ROOT),
                        root.toString()));
                object.set(name, value);
            }
            if (value instanceof ObjectNode nested) {
                collect(root, nested, pointer + "/" + name, out);
            } else if (value instanceof ArrayNode array && !array.isEmpty() && array.get(0) instanceof ObjectNode first) {
                collect(root, first, pointer + "/" + name + "/0", out);
            }
        }
    }

    private static JsonNode confuse(JsonNode value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value.getNodeType()) {
            case STRING -> nodes.objectNode().put("x", 1);
            case NUMBER -> nodes.textNode("not-a-number");
            case BOOLEAN -> nodes.textNode("maybe");
            case OBJECT -> nodes.numberNode(42);
            case ARRAY -> nodes.textNode("x");
            default -> null;
        };
    }
}
