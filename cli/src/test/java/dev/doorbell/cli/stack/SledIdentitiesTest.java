package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.demo.StackClient.SledInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SledIdentitiesTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    @Test
    void earlierSledsComeBackUpToTheCountAndTheRestAreExpunged() {
        SledIdentities identities = SledIdentities.choose(List.of(sled(C, "active"), sled(A, "off"), sled(D, "expunged"),
                sled(B, "active")), 2);

        assertThat(identities.reused()).containsExactly(A, B);
        assertThat(identities.expunged()).as("already expunged sleds are not expunged again").containsExactly(C);
        assertThat(identities.idOf(0)).isEqualTo(A);
        assertThat(identities.idOf(1)).isEqualTo(B);
    }

    @Test
    void moreSledsThanBeforeGetNewIdentities() {
        SledIdentities identities = SledIdentities.choose(List.of(sled(A, "active"), sled(D, "expunged")), 3);

        assertThat(identities.reused()).containsExactly(A);
        assertThat(identities.expunged()).isEmpty();
        assertThat(identities.idOf(1)).isNotIn(A, D).isNotEqualTo(identities.idOf(2));
        assertThat(SledIdentities.choose(List.of(), 2).reused()).isEmpty();
    }

    private static SledInfo sled(UUID id, String state) {
        return new SledInfo(id, URI.create("http://127.0.0.1:1"), state);
    }
}
