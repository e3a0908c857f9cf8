package dev.doorbell.reconciler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** V2 converts what V1 rows hold to omicron's closed failure reasons and pending migration sides, then enforces them. */
@Tag("servers")
@ExtendWith(PostgresExtension.class)
class NexusRulesMigrationTest {

    private PGSimpleDataSource dataSource;

    @BeforeEach
    void atVersion1(PostgresServer postgres) throws SQLException {
        Database.Config config = TestDatabases.createEmpty(postgres.jdbcUrl(), postgres.user(), postgres.password());
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(config.jdbcUrl());
        dataSource.setUser(config.user());
        dataSource.setPassword(config.password());
        assertThat(Migrations.migrate(dataSource, 1)).isEqualTo(1);
    }

    @Test
    void convertsVersion1RowsSensibly() throws SQLException {
        execute("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
                VALUES ('00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'failed', 3, now(), 'propolis_crashed', 'fetch', now()),
                       ('00000000-0000-0000-0000-000000000002', gen_random_uuid(), 'failed', 4, now(), 'no_such_instance', 'fetch', now()),
                       ('00000000-0000-0000-0000-000000000003', gen_random_uuid(), 'failed', 2, now(), NULL, 'fetch', now()),
                       ('00000000-0000-0000-0000-000000000004', gen_random_uuid(), 'running', 2, now(), NULL, 'fetch', now())""");
        execute("""
                INSERT INTO instance (id, name, state, failure_reason) VALUES
                    ('00000000-0000-0000-0000-00000000000a', 'a', 'failed', 'propolis_crashed'),
                    ('00000000-0000-0000-0000-00000000000b', 'b', 'failed', 'sled_off'),
                    ('00000000-0000-0000-0000-00000000000c', 'c', 'no_vmm', 'propolis_crashed')""");
        execute("""
                INSERT INTO migration (id, source_vmm_id, source_state, source_gen, source_time_updated)
                VALUES ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-000000000004', 'in_progress', 3, now())""");

        Migrations.migrate(dataSource);

        assertThat(rows("SELECT state || ' ' || coalesce(failure_reason, '-') || ' ' || coalesce(failure_detail, '-') FROM vmm ORDER BY id"))
                .containsExactly("failed from_sled_agent propolis_crashed", "failed no_such_instance -",
                        "failed from_sled_agent -", "running - -");
        assertThat(rows("SELECT state || ' ' || coalesce(failure_reason, '-') FROM instance ORDER BY id"))
                .containsExactly("failed from_sled_agent", "failed sled_off", "no_vmm -");
        assertThat(rows("SELECT source_state || ' ' || source_gen || ' ' || target_state || ' ' || target_gen FROM migration"))
                .containsExactly("in_progress 3 pending 1");
    }

    @Test
    void thenEnforcesTheClosedSetsAndNewDefaults() throws SQLException {
        Migrations.migrate(dataSource);

        assertThatThrownBy(() -> execute("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), 'failed', 2, now(), 'propolis_crashed', 'fetch', now())"""))
                .isInstanceOf(SQLException.class).hasMessageContaining("vmm_failure_reason_check");
        assertThatThrownBy(() -> execute("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), 'failed', 2, now(), NULL, 'fetch', now())"""))
                .isInstanceOf(SQLException.class).hasMessageContaining("vmm_failure_reason_iff_failed");
        assertThatThrownBy(() -> execute("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, failure_reason, last_source, last_observed_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), 'running', 2, now(), 'sled_off', 'fetch', now())"""))
                .isInstanceOf(SQLException.class).hasMessageContaining("vmm_failure_reason_iff_failed");
        assertThatThrownBy(() -> execute("INSERT INTO instance (id, name, state) VALUES (gen_random_uuid(), 'x', 'failed')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("instance_failure_reason_iff_failed");
        execute("""
                INSERT INTO vmm (id, sled_id, state, state_generation, time_state_updated, last_source, last_observed_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), 'creating', 1, now(), 'control-plane', now())""");
        execute("INSERT INTO instance (id, name, state) VALUES (gen_random_uuid(), 'y', 'creating')");
        execute("INSERT INTO migration (id) VALUES (gen_random_uuid())");
        assertThat(rows("SELECT source_state || ' ' || source_gen || ' ' || target_state || ' ' || target_gen FROM migration"))
                .containsExactly("pending 1 pending 1");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
