package dev.doorbell.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    private final List<String> closed = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Resources resources = new Resources((resource, e) -> failures.add(e.getMessage()));

    @Test
    void closesInReverseOrderOfOwning() {
        resources.own(named("broker"));
        resources.own(named("registry"));
        resources.onClose(() -> closed.add("reconciler"));

        resources.close();

        assertThat(closed).containsExactly("reconciler", "registry", "broker");
    }

    @Test
    void aFailingCloseIsReportedAndTheRestAreStillClosed() {
        resources.own(named("first"));
        resources.onClose(() -> {
            throw new IllegalStateException("second broke");
        });
        resources.own(named("third"));

        resources.close();

        assertThat(closed).containsExactly("third", "first");
        assertThat(failures).containsExactly("second broke");
    }

    @Test
    void closingTwiceClosesNothingTwiceAndNonCloseablesAreIgnored() {
        String plain = resources.own("not closeable");
        resources.own(named("only"));

        resources.close();
        resources.close();

        assertThat(plain).isEqualTo("not closeable");
        assertThat(closed).containsExactly("only");
    }

    private AutoCloseable named(String name) {
        return () -> closed.add(name);
    }
}
