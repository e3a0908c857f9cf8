package dev.doorbell.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(PostgresExtension.class)
class PostgresSmokeTest {

    @Test
    void createsInsertsAndSelects(PostgresServer postgres) throws Exception {
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE smoke_vmm (id uuid PRIMARY KEY, state text NOT NULL, gen bigint NOT NULL)");
            statement.execute("INSERT INTO smoke_vmm VALUES ('6f1b8d5e-1c2a-4d4e-9a43-5b6a7c8d9e0f', 'running', 3)");
            try (ResultSet rows = statement.executeQuery("SELECT state, gen FROM smoke_vmm")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("state")).isEqualTo("running");
                assertThat(rows.getLong("gen")).isEqualTo(3);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void acceptsTheJdbcUrlWithUserAndPassword(PostgresServer postgres) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('fsync')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("off");
        }
    }
}
