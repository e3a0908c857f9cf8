package dev.doorbell.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppliedTallyTest {

    @Test
    void aKilledReconcilersCountStaysAndItsSuccessorAddsFromZero() {
        AppliedTally tally = new AppliedTally();
        tally.saw(101, 40);
        tally.saw(202, 10);
        tally.saw(101, 100);
        assertThat(tally.total()).isEqualTo(110);

        // 101 is killed; its successor 303 starts from zero
        tally.saw(202, 25);
        tally.saw(303, 0);
        assertThat(tally.total()).as("not 25: the live ones alone").isEqualTo(125);
        tally.saw(303, 30);
        assertThat(tally.total()).isEqualTo(155);
    }

    @Test
    void aSampleLowerThanOneSeenBeforeForTheSameProcessChangesNothing() {
        AppliedTally tally = new AppliedTally();
        tally.saw(7, 50);
        tally.saw(7, 20);
        assertThat(tally.total()).isEqualTo(50);
    }
}
