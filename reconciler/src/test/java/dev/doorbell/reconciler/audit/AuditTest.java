package dev.doorbell.reconciler.audit;

import static dev.doorbell.reconciler.audit.VmmComparisonTest.onSled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import dev.doorbell.model.VmmStatesResponse;
import dev.doorbell.reconciler.control.SledUnavailableException;
import dev.doorbell.reconciler.read.Page;
import dev.doorbell.reconciler.read.ReadApiException;
import dev.doorbell.reconciler.read.SledView;
import dev.doorbell.reconciler.read.VmmView;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The audit over a fleet held in memory (the read API's side and the sleds' answers), with a fixed
 * clock: paging, bounded pages per request, classification, sleds that cannot be asked, the re-read
 * of a VMM that looks gone, and the report's text and JSON.
 */
class AuditTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AuditSettings SETTINGS = new AuditSettings(Duration.ofSeconds(10), 2, 2);

    private final InMemoryFleet fleet = new InMemoryFleet();
    private final Map<UUID, Map<UUID, SledVmmState>> sledStates = new ConcurrentHashMap<>();
    private final List<List<UUID>> requests = new CopyOnWriteArrayList<>();
    private final Map<UUID, ApiVersion> versionsAsked = new ConcurrentHashMap<>();
    private final SledStateCheck sleds = (endpoint, ids) -> {
        requests.add(ids);
        versionsAsked.put(endpoint.sledId(), endpoint.apiVersion());
        Map<UUID, SledVmmState> held = sledStates.getOrDefault(endpoint.sledId(), Map.of());
        Map<UUID, SledVmmState> known = new HashMap<>();
        List<UUID> unknown = new ArrayList<>();
        ids.forEach(id -> {
            if (held.containsKey(id)) {
                known.put(id, held.get(id));
            } else {
                unknown.add(id);
            }
        });
        return new VmmStatesResponse(known, unknown);
    };

    @Test
    void everyVmmOnEverySledIsCheckedPageByPageAndClassified() {
        UUID a = fleet.sled("2.0.0");
        UUID b = fleet.sled("1.0.0");
        UUID inSync1 = vmm(a, "running", 3, onSled(VmmState.RUNNING, 3, NOW.minusSeconds(60)));
        UUID inSync2 = vmm(a, "stopped", 5, onSled(VmmState.STOPPED, 5, NOW.minusSeconds(60)));
        UUID behind = vmm(a, "running", 3, onSled(VmmState.STOPPING, 4, NOW.minusSeconds(2)));
        UUID behindLong = vmm(b, "running", 3, onSled(VmmState.STOPPING, 4, NOW.minusSeconds(30)));
        UUID gone = vmm(b, "running", 6, null);
        UUID failed = vmm(b, "failed", 7, null);

        AuditReport report = new Audit(fleet, sleds, CLOCK, SETTINGS).run();

        assertThat(report.sleds()).isEqualTo(2);
        assertThat(report.checked()).isEqualTo(6);
        assertThat(report.inSync()).isEqualTo(3);
        assertThat(report.count(VmmDifference.Kind.BEHIND)).isEqualTo(2);
        assertThat(report.count(VmmDifference.Kind.GONE)).isEqualTo(1);
        assertThat(report.differences()).extracting(VmmDifference::vmm, VmmDifference::diverged)
                .as("diverged first, oldest first").containsExactly(
                        org.assertj.core.groups.Tuple.tuple(gone, true),
                        org.assertj.core.groups.Tuple.tuple(behindLong, true),
                        org.assertj.core.groups.Tuple.tuple(behind, false));
        assertThat(report.diverged()).isEqualTo(2);
        assertThat(report.consistent()).isFalse();
        assertThat(report.differencesOf(List.of(inSync1, inSync2, failed, behind))).extracting(VmmDifference::vmm).containsExactly(behind);
        assertThat(versionsAsked).as("each sled at its newest version: an old one too (read one VMM at a time)")
                .containsEntry(a, ApiVersion.V2).containsEntry(b, ApiVersion.V1);
        assertThat(requests).as("pages of at most 2 ids, one request each").allSatisfy(r -> assertThat(r).hasSizeLessThanOrEqualTo(2))
                .hasSize(4);
    }

    @Test
    void aFleetInSyncIsConsistentAndExact() {
        UUID a = fleet.sled("2.0.0");
        vmm(a, "running", 3, onSled(VmmState.RUNNING, 3, NOW.minusSeconds(60)));
        vmm(a, "creating", 1, null);
        vmm(a, "destroyed", 9, null);

        AuditReport report = new Audit(fleet, sleds, CLOCK, SETTINGS).run();

        assertThat(report.exact()).isTrue();
        assertThat(report.consistent()).isTrue();
        assertThat(report.inSync()).isEqualTo(3);
        assertThat(AuditText.summary(report)).startsWith("audit: consistent: 3 VMMs checked on 1 sleds, 3 in sync, 0 behind");
    }

    @Test
    void aSledThatCannotBeAskedIsReportedWithItsVmmsUncheckedAndDoesNotCountAsDiverged() {
        UUID down = fleet.sled("2.0.0");
        UUID old = fleet.sled("9.0.0");
        UUID expunged = fleet.sled("expunged", "2.0.0");
        vmm(down, "running", 3, null);
        vmm(down, "running", 3, null);
        vmm(down, "running", 3, null);
        vmm(old, "running", 3, null);
        vmm(expunged, "running", 3, null);
        SledStateCheck failing = (endpoint, ids) -> {
            throw new SledUnavailableException(endpoint.sledId(), SledUnavailableException.Kind.UNREACHABLE,
                    "sled " + endpoint.sledId() + " is unreachable: connection refused", null);
        };

        AuditReport report = new Audit(fleet, failing, CLOCK, SETTINGS).run();

        assertThat(report.checked()).isZero();
        assertThat(report.consistent()).isTrue();
        assertThat(report.exact()).isFalse();
        assertThat(report.unchecked()).isEqualTo(5);
        Map<UUID, UnaskedSled> bySled = new HashMap<>();
        report.unasked().forEach(s -> bySled.put(s.sled(), s));
        assertThat(bySled.get(down).reason()).contains("connection refused");
        assertThat(bySled.get(down).unchecked()).as("every page, the ones after the failure too").isEqualTo(3);
        assertThat(bySled.get(old).reason()).contains("speaks no API version this audit knows");
        assertThat(bySled.get(expunged).reason()).isEqualTo("expunged");
        assertThat(AuditText.lines(report, 50)).filteredOn(l -> l.startsWith("UNREACHABLE")).hasSize(3)
                .anySatisfy(l -> assertThat(l).contains(down.toString()).contains("(3 VMMs unchecked)"));
    }

    @Test
    void aVmmThatLooksGoneIsReadAgainAndNotReportedIfItEndedMeanwhile() {
        UUID a = fleet.sled("2.0.0");
        UUID ended = vmm(a, "running", 3, null);
        fleet.afterPage = () -> fleet.replace(ended, "destroyed", 5); // applied between the page read and the sled's answer

        AuditReport report = new Audit(fleet, sleds, CLOCK, SETTINGS).run();

        assertThat(report.differences()).isEmpty();
        assertThat(report.inSync()).isEqualTo(1);
        assertThat(fleet.singleReads).as("read again with its page, not one by one").hasValue(0);
    }

    @Test
    void aVmmThatLooksGoneAndIsNoLongerOnItsPageIsReadAloneAndNotReportedIfItsRowWentAway() {
        UUID a = fleet.sled("2.0.0");
        UUID unwound = vmm(a, "starting", 2, null);
        UUID stillGone = vmm(a, "running", 3, null);
        fleet.afterPage = () -> fleet.delete(unwound); // a start the control plane unwound: its row deleted

        AuditReport report = new Audit(fleet, sleds, CLOCK, SETTINGS).run();

        assertThat(report.differences()).extracting(VmmDifference::vmm, VmmDifference::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(stillGone, VmmDifference.Kind.GONE));
        assertThat(fleet.singleReads).hasValue(1);
    }

    @Test
    void aDatabaseThatCannotBeReadEndsTheAudit() {
        fleet.sled("2.0.0");
        fleet.failure = new ReadApiException("cannot reach the reconciler at http://127.0.0.1:1: connection refused", null);

        assertThatThrownBy(() -> new Audit(fleet, sleds, CLOCK, SETTINGS).run()).isInstanceOf(ReadApiException.class)
                .hasMessage("cannot reach the reconciler at http://127.0.0.1:1: connection refused");
    }

    @Test
    void theTextHasOneSummaryLineAndAtMostMaxLinesOfDetailSayingHowManyWereOmitted() {
        UUID a = fleet.sled("2.0.0");
        UUID first = null;
        for (int i = 0; i < 5; i++) {
            UUID id = vmm(a, "running", 3, onSled(VmmState.STOPPING, 4, NOW.minusSeconds(20 + i)));
            first = i == 4 ? id : first;
        }

        AuditReport report = new Audit(fleet, sleds, CLOCK, SETTINGS).run();
        List<String> lines = AuditText.lines(report, 2);

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("audit: DIVERGED: 5 VMMs checked on 1 sleds, 0 in sync, 5 behind, 0 gone, 0 in conflict; "
                + "5 diverged beyond the 10.0 s grace; 0 sleds unreachable (0 VMMs unchecked)");
        assertThat(lines.get(1)).startsWith("DIVERGED behind   vmm " + first + "  sled " + a)
                .endsWith("database running gen 3  sled stopping gen 4  behind for 24.0 s");
        assertThat(lines.get(3)).isEqualTo("... 3 more lines omitted (--max-lines 2)");

        ObjectNode json = AuditJson.of(report, 2);
        assertThat(json.path("consistent").asBoolean()).isFalse();
        assertThat(json.path("diverged").asLong()).isEqualTo(5);
        assertThat(json.path("differences")).hasSize(2);
        assertThat(json.path("differences").get(0).path("vmm").asText()).isEqualTo(first.toString());
        assertThat(json.path("differences").get(0).path("age_ms").asLong()).isEqualTo(24_000);
        assertThat(json.path("differences_omitted").asInt()).isEqualTo(3);
    }

    private UUID vmm(UUID sled, String state, long gen, SledVmmState onSled) {
        UUID id = fleet.vmm(sled, state, gen);
        if (onSled != null) {
            sledStates.computeIfAbsent(sled, s -> new ConcurrentHashMap<>()).put(id, onSled);
        }
        return id;
    }

    /** The read API's side in memory: sleds and VMM rows, paged in id order with the id as the page token. */
    private static final class InMemoryFleet implements FleetView {
        private final List<SledView> sleds = new ArrayList<>();
        private final Map<UUID, VmmView> rows = new LinkedHashMap<>();
        volatile Runnable afterPage = () -> {};
        volatile RuntimeException failure;
        final AtomicInteger singleReads = new AtomicInteger();

        UUID sled(String... versionsOrState) {
            UUID id = UUID.randomUUID();
            String state = versionsOrState[0].equals("expunged") ? "expunged" : "active";
            List<String> versions = List.of(versionsOrState).stream().filter(v -> !v.equals("expunged")).toList();
            sleds.add(new SledView(id, "http://127.0.0.1:9/", versions, state, NOW, NOW));
            return id;
        }

        synchronized UUID vmm(UUID sled, String state, long gen) {
            UUID id = UUID.randomUUID();
            Instant observed = NOW.minusSeconds(60);
            rows.put(id, new VmmView(id, UUID.randomUUID(), sled, state, gen, observed, null, null, "sled-fetch", observed, observed));
            return id;
        }

        synchronized void delete(UUID id) {
            rows.remove(id);
        }

        synchronized void replace(UUID id, String state, long gen) {
            VmmView old = rows.get(id);
            rows.put(id, new VmmView(id, old.instanceId(), old.sledId(), state, gen, NOW, null, null, "sled-fetch", NOW, old.timeCreated()));
        }

        @Override
        public List<SledView> sleds() {
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(sleds);
        }

        @Override
        public Page<VmmView> vmms(UUID sled, String pageToken, int limit) {
            List<VmmView> page;
            synchronized (this) {
                List<VmmView> onSled = rows.values().stream().filter(v -> v.sledId().equals(sled))
                        .sorted(java.util.Comparator.comparing(VmmView::id))
                        .filter(v -> pageToken == null || v.id().compareTo(UUID.fromString(pageToken)) > 0).toList();
                page = onSled.subList(0, Math.min(limit, onSled.size()));
                String next = onSled.size() > limit ? page.getLast().id().toString() : null;
                afterPage.run();
                return new Page<>(page, next);
            }
        }

        @Override
        public synchronized Optional<VmmView> vmm(UUID id) {
            singleReads.incrementAndGet();
            return Optional.ofNullable(rows.get(id));
        }
    }
}
