package dev.doorbell.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingTest {

    @Test
    void readsTheMachinesContextSwitchesAndEveryTasksSlicesAndRunQueueWait(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3 4\nintr 99\nctxt 12345\nbtime 1\n");
        task(proc, 100, 100, "5000 700 11\n");
        task(proc, 100, 101, "6000 300 4\n");
        task(proc, 200, 200, "1 2\n"); // too few fields: not counted
        Files.createDirectories(proc.resolve("self/task/1")); // not a pid
        Files.createDirectories(proc.resolve("300")); // a process that ended while read: no task directory

        Scheduling s = Scheduling.read(proc).orElseThrow();

        assertThat(s.contextSwitches()).isEqualTo(12345);
        assertThat(s.tasks()).containsOnly(Map.entry(100L, new Scheduling.Task(11, 700)), Map.entry(101L, new Scheduling.Task(4, 300)));
    }

    @Test
    void nothingWithoutTheMachinesStat(@TempDir Path proc) throws IOException {
        task(proc, 100, 100, "5000 700 11\n");
        assertThat(Scheduling.read(proc)).isEmpty();
    }

    @Test
    void aPhaseCountsTasksPresentAtBothEndsByTheirDifferenceNewOnesWholeAndEndedOnesNot() {
        Scheduling before = new Scheduling(1_000, Map.of(1L, new Scheduling.Task(10, 1_000), 2L, new Scheduling.Task(5, 500)));
        Scheduling after = new Scheduling(1_600, Map.of(1L, new Scheduling.Task(30, 5_000), 3L, new Scheduling.Task(7, 2_000)));

        Scheduling.Work work = after.minus(before);

        assertThat(work).isEqualTo(new Scheduling.Work(600, 20 + 7, 4_000 + 2_000));
        assertThat(work.meanWaitMicros()).isEqualTo(6_000 / 1e3 / 27);
    }

    @Test
    void totalsThatWentBackwardsCountAsNothing() {
        Scheduling before = new Scheduling(2_000, Map.of(1L, new Scheduling.Task(30, 5_000)));
        Scheduling after = new Scheduling(1_000, Map.of(1L, new Scheduling.Task(10, 1_000))); // a reused tid

        assertThat(after.minus(before)).isEqualTo(new Scheduling.Work(0, 0, 0));
        assertThat(after.minus(before).meanWaitMicros()).isNaN();
    }

    @Test
    void theRealProcIsReadWhereThereIsOne() {
        if (Files.isReadable(Path.of("/proc/stat"))) {
            Scheduling s = Scheduling.now().orElseThrow();
            assertThat(s.contextSwitches()).isPositive();
            assertThat(s.tasks()).containsKey(ProcessHandle.current().pid()); // the main thread's tid is the pid
        }
    }

    private static void task(Path proc, long pid, long tid, String schedstat) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(dir.resolve("schedstat"), schedstat);
    }
}
