package dev.doorbell.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the local process that listens on a TCP port (Linux only: {@code /proc/net/tcp[6]} gives
 * the listening socket's inode, {@code /proc/<pid>/fd} the process holding it). This is how the
 * bench measures servers it did not start itself (the test JVM's shared broker, registry and
 * PostgreSQL, or a stack it attached to on this machine).
 */
final class ListeningProcess {

    private static final String LISTEN = "0A";

    private ListeningProcess() {}

    /** @return the lowest pid of the processes listening on {@code port}, or empty if none is visible */
    static OptionalLong find(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            inodes.addAll(listeningInodes(Path.of(table), port));
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        long found = Long.MAX_VALUE;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid < found && holdsAny(proc.resolve("fd"), inodes)) {
                    found = pid;
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return found == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private static Set<String> listeningInodes(Path table, int port) {
        Set<String> inodes = new HashSet<>();
        if (!Files.isReadable(table)) {
            return inodes;
        }
        String hexPort = String.format("%04X", port);
        try (Stream<String> lines = Files.lines(table)) {
            lines.skip(1).map(String::trim).map(l -> l.split("\\s+")).forEach(f -> {
                if (f.length > 9 && f[1].endsWith(":" + hexPort) && LISTEN.equals(f[3])) {
                    inodes.add(f[9]);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inodes;
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone
        }
        return false;
    }
}
