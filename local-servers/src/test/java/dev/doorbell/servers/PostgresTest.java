package dev.doorbell.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("servers")
class PostgresTest {

    @Test
    void theServerRequiresItsOwnPasswordAndRefusesAnyOther(@TempDir Path dir) throws Exception {
        try (Postgres postgres = Postgres.start(PostgresConfig.forTests(dir.resolve("postgres.log")))) {
            assertThat(postgres.password()).isNotBlank().isNotEqualTo("postgres");

            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT current_setting('password_encryption')")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("scram-sha-256");
            }
            for (String wrong : new String[] {"postgres", "", postgres.password() + "x"}) {
                assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), wrong).close())
                        .as("password '%s'", wrong).isInstanceOf(SQLException.class);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "postgres").close())
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void aDurableClusterKeepsItsPasswordAcrossRuns(@TempDir Path dir) throws Exception {
        String first;
        try (Postgres postgres = Postgres.start(PostgresConfig.durableIn(dir.resolve("pg")))) {
            first = postgres.password();
        }
        try (Postgres again = Postgres.start(PostgresConfig.durableIn(dir.resolve("pg")));
             Connection c = DriverManager.getConnection(again.jdbcUrl(), again.user(), first)) {
            assertThat(again.password()).isEqualTo(first);
            assertThat(c.isValid(5)).isTrue();
        }
    }

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
