package dev.doorbell.sledsim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a migration target comes from: the migration's id, the source VMM and, when the source
 * runs in another process, its sled's base URL (told if the target fails).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationSource(
        @JsonProperty(value = "migration_id", required = true) UUID migrationId,
        @JsonProperty(value = "source_vmm_id", required = true) UUID sourceVmmId,
        @JsonProperty("source_sled_url") URI sourceSledUrl) {
    public MigrationSource {
        Objects.requireNonNull(migrationId, "migration_id");
        Objects.requireNonNull(sourceVmmId, "source_vmm_id");
        SledUrls.requireHttp(sourceSledUrl);
    }

    /** A source in the same JVM (or one that need not be told about failures). */
    public MigrationSource(UUID migrationId, UUID sourceVmmId) {
        this(migrationId, sourceVmmId, null);
    }
}
