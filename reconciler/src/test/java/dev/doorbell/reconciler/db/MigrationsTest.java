package dev.doorbell.reconciler.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("servers")
@ExtendWith(PostgresExtension.class)
class MigrationsTest {

    @Test
    void migratesOnceAndIsIdempotent(PostgresServer postgres) throws Exception {
        try (Database database = Database.open(Database.Config.of(postgres.jdbcUrl(), postgres.user(), postgres.password()))) {
            assertThat(Migrations.migrate(database.dataSource())).as("already applied").isZero();
            try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(Migrations.VERSIONS.size());
            }
            try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                assertThat(tables).contains("sled", "instance", "vmm", "migration", "schema_version");
            }
        }
    }
}
