package dev.doorbell.bench.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine's scheduling work: how often its tasks were put on a CPU and how long they waited, runnable, for one.
 * A change whose path hands it from thread to thread (and process to process) pays a wake-up at every hand-off, and on
 * a busy machine each wake-up can wait for a core; these figures count both, for every task of the machine (the stack
 * is all that runs during a phase).
 *
 * <p>Read from Linux's {@code /proc}: {@code /proc/stat}'s {@code ctxt} (context switches of the whole machine) and
 * each task's {@code /proc/<pid>/task/<tid>/schedstat} (time on a CPU, time waiting on a run queue, time slices run).
 * A task that ends between two readings loses what it did between them; one that starts counts from zero.
 *
 * @param contextSwitches the machine's context switches so far
 * @param tasks           per task: time slices run and nanoseconds waited on a run queue so far
 */
public record Scheduling(long contextSwitches, Map<Long, Task> tasks) {

    /** One task's totals, or differences of them. */
    public record Task(long timeslices, long runQueueWaitNanos) {}

    /** What a phase's tasks did between two readings. */
    public record Work(long contextSwitches, long timeslices, long runQueueWaitNanos) {
        /** @return mean run-queue wait per time slice in microseconds (NaN without time slices) */
        public double meanWaitMicros() {
            return timeslices == 0 ? Double.NaN : runQueueWaitNanos / 1e3 / timeslices;
        }
    }

    public Scheduling {
        tasks = Map.copyOf(tasks);
    }

    /** @return the machine's figures now, empty where {@code /proc} does not give them */
    public static Optional<Scheduling> now() {
        return read(Path.of("/proc"));
    }

    /** @return the figures under {@code proc} (a {@code /proc} or a copy of its shape), empty without {@code stat} */
    static Optional<Scheduling> read(Path proc) {
        Optional<Long> switches = contextSwitches(proc.resolve("stat"));
        if (switches.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Task> tasks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, Scheduling::isNumber)) {
            for (Path process : processes) {
                readTasks(process.resolve("task"), tasks);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Scheduling(switches.get(), tasks));
    }

    /** @return what happened from {@code earlier} to this: tasks present in both by their difference, new ones whole */
    public Work minus(Scheduling earlier) {
        long timeslices = 0;
        long waited = 0;
        for (Map.Entry<Long, Task> e : tasks.entrySet()) {
            Task before = earlier.tasks.getOrDefault(e.getKey(), new Task(0, 0));
            timeslices += Math.max(0, e.getValue().timeslices() - before.timeslices());
            waited += Math.max(0, e.getValue().runQueueWaitNanos() - before.runQueueWaitNanos());
        }
        return new Work(Math.max(0, contextSwitches - earlier.contextSwitches), timeslices, waited);
    }

    private static Optional<Long> contextSwitches(Path stat) {
        try {
            for (String line : Files.readAllLines(stat)) {
                if (line.startsWith("ctxt ")) {
                    return Optional.of(Long.parseLong(line.substring(5).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static void readTasks(Path taskDir, Map<Long, Task> into) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir, Scheduling::isNumber)) {
            for (Path task : tasks) {
                parse(task.resolve("schedstat")).ifPresent(t -> into.put(Long.parseLong(task.getFileName().toString()), t));
            }
        } catch (IOException e) {
            // the process ended while being read: it has nothing more to count
        }
    }

    /** {@code schedstat}: nanoseconds on a CPU, nanoseconds waiting on a run queue, time slices run. */
    static Optional<Task> parse(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split("\\s+");
            if (fields.length < 3) {
                return Optional.empty();
            }
            return Optional.of(new Task(Long.parseLong(fields[2]), Long.parseLong(fields[1])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isNumber(Path p) {
        String name = Objects.requireNonNull(p.getFileName()).toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
