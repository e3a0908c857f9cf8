package dev.doorbell.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CPU time of a process and all its descendants. On Linux it reads {@code /proc/<pid>/stat} of
 * every process in the tree and adds {@code utime + stime + cutime + cstime}: when a child ends
 * (a PostgreSQL backend whose connection closed), its time moves into its parent's
 * {@code cutime/cstime}, so the tree's total never drops. Clock ticks are taken as 10 ms (Linux's
 * {@code USER_HZ}), so each process's figure has a 10 ms resolution. Elsewhere it falls back to
 * {@link ProcessHandle.Info#totalCpuDuration()} of the live processes (time of ended children is lost).
 */
final class ProcessTreeCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path PROC = Path.of("/proc");

    private ProcessTreeCpu() {}

    /**
     * @param root     the tree's root process
     * @param excluded processes left out (not their children)
     * @return CPU nanoseconds used by the tree so far, or empty if the root is gone
     */
    static OptionalLong nanos(long root, Set<Long> excluded) {
        ProcessHandle handle = ProcessHandle.of(root).orElse(null);
        if (handle == null) {
            return OptionalLong.empty();
        }
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        handle.descendants().forEach(p -> pids.add(p.pid()));
        long total = 0;
        for (long pid : pids) {
            if (excluded.contains(pid)) {
                continue;
            }
            total += Files.isDirectory(PROC) ? procNanos(pid, true) : handleNanos(pid);
        }
        return OptionalLong.of(total);
    }

    /** @return the process's own CPU nanoseconds (threads included, children not), 0 if unknown */
    static long ownNanos(long pid) {
        return Files.isDirectory(PROC) ? procNanos(pid, false) : handleNanos(pid);
    }

    private static long procNanos(long pid, boolean withEndedChildren) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // the command name may hold spaces and parentheses: fields start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withEndedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile
        }
    }

    private static long handleNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }
}
