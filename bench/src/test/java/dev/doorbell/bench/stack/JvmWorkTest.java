package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmWorkTest {

    @Test
    void differencesAreTheGrowthOfEachFigureAndNeverNegative() {
        JvmWork earlier = new JvmWork(100, 4, 30);

        assertThat(new JvmWork(150, 6, 42).minus(earlier)).isEqualTo(new JvmWork(50, 2, 12));
        assertThat(new JvmWork(90, 4, 30).minus(earlier)).isEqualTo(new JvmWork(0, 0, 0));
        assertThatThrownBy(() -> new JvmWork(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJvmsTotalsOnlyGrow() {
        JvmWork first = JvmWork.now();
        System.gc(); // a collection the totals must count (a request, so only asserted as "not fewer")

        JvmWork second = JvmWork.now();

        assertThat(second.jitMillis()).isGreaterThanOrEqualTo(first.jitMillis());
        assertThat(second.gcCount()).isGreaterThanOrEqualTo(first.gcCount());
        assertThat(second.gcMillis()).isGreaterThanOrEqualTo(first.gcMillis());
    }
}
