package dev.doorbell.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads an {@link Instant} of the common RFC 3339 shape itself ({@link Rfc3339}) and hands everything else (other
 * shapes, numbers, nulls, errors) to the deserializer the mapper would have used: {@code JavaTimeModule}'s in the
 * tolerant mappers, {@link Rfc3339InstantDeserializer} in the strict one. So what a mapper accepts and rejects does
 * not change; only the common case skips {@code java.time}'s general parser.
 */
final class CommonInstantDeserializer extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    CommonInstantDeserializer(JsonDeserializer<?> general) {
        super(general);
    }

    /** Puts the common-shape reading in front of whichever {@code Instant} deserializer a mapper finds. */
    static BeanDeserializerModifier inFront() {
        return new BeanDeserializerModifier() {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class && !(deserializer instanceof CommonInstantDeserializer)
                        ? new CommonInstantDeserializer(deserializer)
                        : deserializer;
            }
        };
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new CommonInstantDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            Instant common = Rfc3339.parseCommonOrNull(p.getText());
            if (common != null) {
                return common;
            }
        }
        return _delegatee.deserialize(p, ctxt);
    }
}
