package dev.doorbell.bench.stack;

import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.producer.DoorbellProducerConfig;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.producer.PublisherConfig;
import dev.doorbell.reconciler.control.ControlPlaneClient;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.IllegalTransitionException;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The simulated sleds (explicit stepping, no notifier of their own: the bench notifies for them)
 * with their VMMs, all {@code running}, and one sled-side {@link DoorbellPublisher} per sled. The
 * sleds register with the control API and every VMM is placed by the control plane (an instance
 * created and started on its sled, see {@link FleetSeeder}), which also publishes its placement.
 * VMMs are numbered from 0 in placement order and spread round-robin over the sleds.
 */
public final class Fleet implements AutoCloseable {

    /** One state change of VMM number {@code index}: the state the sled holds right after it. */
    public record Change(int index, UUID vmm, int sled, SledVmmState state) {}

    private final List<SledSimulator> sleds = new ArrayList<>();
    private final List<Set<ApiVersion>> versions;
    private final List<DoorbellPublisher> rings = new ArrayList<>();
    private final List<UUID> vmmIds = new ArrayList<>();
    private final List<Integer> vmmSled = new ArrayList<>();
    private final Map<UUID, Integer> indexes = new HashMap<>();
    private final ExecutorService metricsExecutor;
    private final HttpClient metricsClient;
    private Duration lastPlacement = Duration.ZERO;

    private Fleet(ComponentThreads threads, List<Set<ApiVersion>> versions) {
        this.versions = List.copyOf(versions);
        this.metricsExecutor = Executors.newCachedThreadPool(threads.factory(Component.BENCH, "bench-sled-metrics"));
        this.metricsClient = threads.callUnchecked(Component.BENCH, () -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).executor(metricsExecutor).build());
    }

    /**
     * Starts one sled per entry of {@code sledVersions} (the API versions it speaks) in the
     * {@link Component#SLEDS} thread group; {@link #register} then makes them known to the control plane.
     */
    static Fleet start(ComponentThreads threads, List<Set<ApiVersion>> sledVersions, String bootstrap, String doorbellsTopic,
                       Duration ringLinger) throws Exception {
        Fleet fleet = new Fleet(threads, sledVersions);
        try {
            threads.call(Component.SLEDS, () -> {
                for (Set<ApiVersion> speaks : sledVersions) {
                    UUID sledId = UUID.randomUUID();
                    fleet.sleds.add(SledSimulator.start(SledSimConfig.builder().sledId(sledId).apiVersions(speaks)
                            .stepping(SteppingMode.EXPLICIT, Duration.ZERO).build(), null));
                    // a client id of its own per sled: clients sharing an id share one set of JMX metrics (KafkaTraffic)
                    fleet.rings.add(DoorbellPublisher.toKafka(new DoorbellProducerConfig(bootstrap, doorbellsTopic, (int) ringLinger.toMillis(), Map.of(ProducerConfig.CLIENT_ID_CONFIG, KafkaClientRoles.SLED_RING_PREFIX + fleet.rings.size())), PublisherConfig.forSled(sledId)));
                }
                return null;
            });
            return fleet;
        } catch (Exception e) {
            fleet.close();
            throw e;
        }
    }

    /** Registers every sled with the control API, at its address and with the versions it speaks. */
    void register(ControlPlaneClient control) {
        for (int s = 0; s < sleds.size(); s++) {
            SledSimulator sled = sleds.get(s);
            control.registerSled(sled.sled().id(), URI.create(sled.baseUrl()), versions.get(s));
        }
    }

    /**
     * Has the control plane place VMMs until the fleet holds {@code total} (VMM {@code i} on sled
     * {@code i % sleds}, instance {@code vmm-i}), {@code concurrency} at a time, then steps each new
     * one to {@code running}.
     */
    void grow(int total, ControlPlaneClient control, int concurrency, FleetSeeder.Progress progress) {
        int before = vmmIds.size();
        if (total <= before) {
            return;
        }
        List<UUID> sledOfEach = new ArrayList<>(total - before);
        for (int i = before; i < total; i++) {
            sledOfEach.add(sleds.get(i % sleds.size()).sled().id());
        }
        long begin = System.nanoTime();
        List<StartedVmm> placed = new FleetSeeder(control, concurrency).place(sledOfEach, "vmm", before, progress);
        lastPlacement = Duration.ofNanos(System.nanoTime() - begin);
        for (StartedVmm started : placed) {
            int s = vmmIds.size() % sleds.size();
            Sled sled = sleds.get(s).sled();
            while (sled.hasPendingStep(started.vmmId())) {
                sled.poke(started.vmmId());
            }
            indexes.put(started.vmmId(), vmmIds.size());
            vmmIds.add(started.vmmId());
            vmmSled.add(s);
        }
    }

    /** @return how long the control plane took to place the VMMs of the last {@link #grow} */
    public Duration lastPlacement() {
        return lastPlacement;
    }

    /** @return VMMs in the fleet */
    public int size() {
        return vmmIds.size();
    }

    public int sledCount() {
        return sleds.size();
    }

    public UUID vmm(int index) {
        return vmmIds.get(index);
    }

    /** @return the number of VMM {@code vmm}, or -1 if it is not in the fleet */
    public int indexOf(UUID vmm) {
        return indexes.getOrDefault(vmm, -1);
    }

    /** @return the id of sled number {@code sled} */
    public UUID sledId(int sled) {
        return sleds.get(sled).sled().id();
    }

    /** @return the index of the sled that runs VMM number {@code index} */
    public int sledOf(int index) {
        return vmmSled.get(index);
    }

    /** @return the API versions sled {@code sled} speaks */
    public Set<ApiVersion> versions(int sled) {
        return versions.get(sled);
    }

    /** @return VMM number {@code index}'s state on its sled now */
    public SledVmmState state(int index) {
        return sleds.get(vmmSled.get(index)).sled().state(vmmIds.get(index)).orElseThrow();
    }

    /**
     * Makes one observable change of VMM number {@code index}: a running VMM starts rebooting, a
     * rebooting one takes its next step.
     */
    public Change change(int index) {
        UUID vmm = vmmIds.get(index);
        int s = vmmSled.get(index);
        Sled sled = sleds.get(s).sled();
        SledVmmState state;
        try {
            state = sled.hasPendingStep(vmm) ? sled.poke(vmm) : sled.request(vmm, StateRequest.of(RequestedState.REBOOT));
        } catch (IllegalTransitionException e) {
            state = sled.poke(vmm);
        }
        return new Change(index, vmm, s, state);
    }

    /** Rings the doorbell of the change's VMM through its sled's publisher. */
    void ring(Change change) {
        rings.get(change.sled()).ring(change.vmm());
    }

    /** Waits until every sled publisher has sent what was rung. */
    void flushRings(Duration timeout) {
        rings.forEach(p -> p.flush(timeout));
    }

    /** @return state requests answered so far by the sleds that {@code sledFilter} accepts */
    public SledRequests requests(IntPredicate sledFilter) {
        SledRequests sum = SledRequests.NONE;
        for (int s = 0; s < sleds.size(); s++) {
            if (sledFilter.test(s)) {
                sum = sum.plus(SledRequests.scrape(metricsClient, sleds.get(s).baseUrl()));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        rings.forEach(p -> p.close(Duration.ofSeconds(5)));
        sleds.forEach(SledSimulator::close);
        metricsClient.close();
        metricsExecutor.shutdownNow();
    }
}
