package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresTest {

    @Test
    void durableServerKeepsRowsAcrossRestartWithFsyncOn(@TempDir Path dir) throws Exception {
        try (Postgres postgres = Postgres.start(PostgresConfig.durableIn(dir.resolve("pg")))) {
            try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('survives')");
            }

            postgres.stop();
            assertThat(postgres.isRunning()).isFalse();
            postgres.start();

            try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rows = s.executeQuery("SELECT v FROM kept")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("survives");
                }
                try (ResultSet rows = s.executeQuery(
                        "SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("on");
                    assertThat(rows.getString(2)).isEqualTo("on");
                }
            }
        }
    }
}
