package dev.doorbell.reconciler.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.ApiVersion;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SweptSledTest {

    private static final UUID ID = UUID.randomUUID();

    @Test
    void aSledIsAskedWithTheNewestVersionBothKnowIfItHasTheBatchEndpoint() {
        assertThat(new SweptSled(ID, "http://10.0.0.1:12400", List.of("1.0.0", "2.0.0", "9.0.0"), "active").batchEndpoint())
                .hasValueSatisfying(e -> {
                    assertThat(e.apiVersion()).isEqualTo(ApiVersion.V2);
                    assertThat(e.sledId()).isEqualTo(ID);
                    assertThat(e.resolve("/vmms/states").toString()).isEqualTo("http://10.0.0.1:12400/vmms/states");
                });
        assertThat(new SweptSled(ID, "http://10.0.0.1:12400", List.of("2.0.0"), "off").batchEndpoint())
                .as("an off sled is asked: it may be back").isPresent();
    }

    @Test
    void aSledThatCannotBeAskedInBulkHasNoEndpoint() {
        assertThat(new SweptSled(ID, "http://10.0.0.1:12400", List.of("1.0.0"), "active").batchEndpoint()).as("1.x only").isEmpty();
        assertThat(new SweptSled(ID, "http://10.0.0.1:12400", List.of(), "active").batchEndpoint()).as("none registered").isEmpty();
        assertThat(new SweptSled(ID, "http://10.0.0.1:12400", List.of("2.0.0"), "expunged").batchEndpoint()).isEmpty();
        assertThat(new SweptSled(ID, null, null, null).batchEndpoint()).as("not in the sled table").isEmpty();
        assertThat(new SweptSled(ID, "127.0.0.1:1", List.of("2.0.0"), "active").batchEndpoint()).as("no scheme").isEmpty();
        assertThat(new SweptSled(ID, "http://bad host", List.of("2.0.0"), "active").batchEndpoint()).as("not a URI").isEmpty();
    }
}
