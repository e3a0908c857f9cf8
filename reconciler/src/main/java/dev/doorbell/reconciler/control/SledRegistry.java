package dev.doorbell.reconciler.control;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledRecord;
import dev.doorbell.reconciler.read.ReadModel;
import dev.doorbell.reconciler.read.SledView;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sled registration and state: {@code active} on (re-)registration, {@code off}, {@code expunged}
 * (final: an expunged sled cannot register or be turned off again). Registration publishes the
 * sled's record to the compacted {@code sleds} topic before writing the row, expunging writes the
 * row and then publishes the record marked expunged; both are idempotent, so a failed call is
 * simply repeated.
 */
public final class SledRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SledRegistry.class);
    static final int MAX_API_VERSIONS = 16;

    private final DataSource dataSource;
    private final DirectoryWriter directory;
    private final Duration publishTimeout;
    private final ReadModel reads;

    public SledRegistry(DataSource dataSource, DirectoryWriter directory, Duration publishTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
        this.reads = new ReadModel(dataSource);
    }

    /** The sled as registered, and whether this call created it. */
    public record Registered(boolean created, SledView sled) {}

    /**
     * Registers or re-registers a sled (an {@code off} sled becomes {@code active} again).
     *
     * @throws ControlRefusal invalid address or version, conflict if the sled is expunged, unavailable if Kafka does not acknowledge
     */
    public Registered register(UUID sledId, SledRegistration body) throws SQLException {
        SledRecord record = validate(sledId, body);
        if (stateOf(sledId).filter("expunged"::equals).isPresent()) {
            throw expunged(sledId);
        }
        Acknowledgements.await(directory.publishSled(record), publishTimeout, "sled " + sledId);
        boolean created;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO sled (id, address, api_versions) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, api_versions = EXCLUDED.api_versions,
                                               state = 'active', time_modified = now()
                WHERE sled.state <> 'expunged'
                RETURNING (xmax = 0) AS created""")) {
            st.setObject(1, sledId);
            st.setString(2, record.address().toString());
            st.setArray(3, c.createArrayOf("text", record.apiVersions().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw expunged(sledId);
                }
                created = rs.getBoolean(1);
            }
        }
        LOG.atInfo().addKeyValue("sled", sledId).addKeyValue("address", record.address())
                .log(created ? "sled registered" : "sled re-registered");
        return new Registered(created, reads.sled(sledId).orElseThrow());
    }

    /** Marks the sled {@code off}; idempotent. 404 if unknown, 409 if expunged. */
    public SledView off(UUID sledId) throws SQLException {
        int updated = update(sledId, "UPDATE sled SET state = 'off', time_modified = now() WHERE id = ? AND state <> 'expunged'");
        if (updated == 0) {
            stateOf(sledId).orElseThrow(() -> notFound(sledId));
            throw expunged(sledId);
        }
        LOG.atInfo().addKeyValue("sled", sledId).log("sled off");
        return reads.sled(sledId).orElseThrow();
    }

    /**
     * Marks the sled {@code expunged}, for good, and publishes its record so marked: the fetcher stops
     * calling it ({@link SledRecord#expunged()}). Idempotent, so a call that failed to publish (503) is
     * simply repeated. 404 if unknown.
     */
    public SledView expunge(UUID sledId) throws SQLException {
        int updated = update(sledId, "UPDATE sled SET state = 'expunged', time_modified = now() WHERE id = ?");
        if (updated == 0) {
            throw notFound(sledId);
        }
        SledView sled = reads.sled(sledId).orElseThrow();
        Acknowledgements.await(directory.publishSled(new SledRecord(sledId, URI.create(sled.address()), sled.apiVersions(), true)),
                publishTimeout, "sled " + sledId);
        LOG.atInfo().addKeyValue("sled", sledId).log("sled expunged");
        return sled;
    }

    private int update(UUID sledId, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, sledId);
            return st.executeUpdate();
        }
    }

    private Optional<String> stateOf(UUID sledId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT state FROM sled WHERE id = ?")) {
            st.setObject(1, sledId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static SledRecord validate(UUID sledId, SledRegistration body) {
        URI address = baseUrl(body.address());
        List<String> versions = canonicalVersions(body.apiVersions() == null ? List.of() : body.apiVersions());
        try {
            return new SledRecord(sledId, address, versions);
        } catch (IllegalArgumentException e) {
            throw ControlRefusal.invalid(e.getMessage());
        }
    }

    /** The registration's address as a base URL: present, parseable, without user info, query or fragment. */
    private static URI baseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw ControlRefusal.invalid("address is required");
        }
        URI address;
        try {
            address = new URI(text);
        } catch (URISyntaxException e) {
            throw ControlRefusal.invalid("address is not a URL: " + e.getReason());
        }
        if (address.getRawQuery() != null || address.getRawFragment() != null || address.getRawUserInfo() != null) {
            throw ControlRefusal.invalid("address must be a base URL without user info, query or fragment");
        }
        return address;
    }

    /** The registration's api_versions, at most {@link #MAX_API_VERSIONS}, each parsed and in canonical form, duplicates dropped. */
    private static List<String> canonicalVersions(List<String> versions) {
        if (versions.size() > MAX_API_VERSIONS) {
            throw ControlRefusal.invalid("at most " + MAX_API_VERSIONS + " api_versions");
        }
        LinkedHashSet<String> canonical = new LinkedHashSet<>();
        for (String text : versions) {
            try {
                canonical.add(ApiVersion.parse(text).toString());
            } catch (IllegalArgumentException e) {
                throw ControlRefusal.invalid("api_versions: " + e.getMessage());
            }
        }
        return List.copyOf(canonical);
    }

    private static ControlRefusal notFound(UUID sledId) {
        return ControlRefusal.notFound("no sled " + sledId);
    }

    private static ControlRefusal expunged(UUID sledId) {
        return ControlRefusal.conflict("sled " + sledId + " is expunged");
    }
}
