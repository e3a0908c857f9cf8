package dev.doorbell.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The guided tour of the pipeline against a running stack: creates four instances, starts them,
 * reboots one, migrates one to another sled, stops one, crashes one on its sled, marks that sled
 * off and restarts the crashed instance elsewhere; then prints the timeline of every VMM state
 * change with its path and hop times, and checks that the database equals the sleds.
 */
public final class Demo {

    private final DemoTarget target;
    private final PrintWriter out;
    private final Duration stepTimeout;
    private final Map<UUID, String> labels = new LinkedHashMap<>(); // VMM → instance name

    public Demo(DemoTarget target, PrintWriter out, Duration stepTimeout) {
        this.target = target;
        this.out = out;
        this.stepTimeout = stepTimeout;
    }

    public DemoReport run() throws IOException, InterruptedException {
        try (StackClient client = new StackClient(target.controlUrl());
             AppliedWatcher watcher = new AppliedWatcher(client).start();
             PipelineTap tap = new PipelineTap(target.bootstrapServers(), target.registryUrl(), target.doorbellTopic(),
                     target.statesTopic(), watcher::expect).start();
             ConsistencyCheck check = new ConsistencyCheck(target.controlUrl())) {
            scenario(client);
            step("waiting for the database to equal the sleds");
            List<Mismatch> mismatches = new ArrayList<>();
            try {
                Poll.untilTrue(() -> {
                    mismatches.clear();
                    mismatches.addAll(check.mismatches(labels));
                    return mismatches.isEmpty() && watcher.caughtUp();
                }, stepTimeout, "the database to equal the sleds");
            } catch (DemoFailure e) {
                // reported below, with the VMMs that differ
            }
            Timeline timeline = Timeline.of(labels, tap.rings(), tap.observations(), watcher.applied());
            return new DemoReport(timeline, labels.size(), List.copyOf(mismatches));
        }
    }

    private void scenario(StackClient client) throws IOException, InterruptedException {
        List<StackClient.SledInfo> sleds = client.sleds().stream().filter(s -> "active".equals(s.state())).toList();
        if (sleds.size() < 2) {
            throw new DemoFailure("the demo needs at least 2 active sleds; the control API knows " + sleds.size());
        }
        String run = UUID.randomUUID().toString().substring(0, 4);
        String[] names = {"web", "db", "cache", "batch"};
        Map<String, UUID> instances = new LinkedHashMap<>();
        Map<String, UUID> vmms = new LinkedHashMap<>();
        step("creating instances " + String.join(", ", names));
        for (String name : names) {
            instances.put(name, client.createInstance("demo-" + run + "-" + name));
        }
        for (int i = 0; i < names.length; i++) {
            UUID sled = sleds.get(i < 2 ? 0 : Math.min(i - 1, sleds.size() - 1)).id();
            step("starting " + names[i] + " on sled " + shortId(sled));
            UUID vmm = client.start(instances.get(names[i]), sled);
            vmms.put(names[i], vmm);
            labels.put(vmm, names[i]);
        }
        for (String name : names) {
            awaitInstance(client, instances.get(name), "running", name + " running");
        }

        long webGen = client.instance(instances.get("web")).path("active_vmm_gen").asLong();
        step("rebooting web");
        client.reboot(instances.get("web"));
        UUID migrateTo = sleds.get(1).id();
        step("migrating db to sled " + shortId(migrateTo));
        UUID dbTarget = client.migrate(instances.get("db"), migrateTo);
        labels.put(dbTarget, "db (tgt)");
        step("stopping cache");
        client.stop(instances.get("cache"));
        UUID batchSled = sledOf(client, instances.get("batch"));
        URI batchSledUrl = sleds.stream().filter(s -> s.id().equals(batchSled)).findFirst().orElseThrow().address();
        step("crashing batch on its sled (POST /vmms/" + shortId(vmms.get("batch")) + "/fault)");
        client.fault(batchSledUrl, vmms.get("batch"), "propolis_crashed");

        Poll.untilTrue(() -> {
            JsonNode web = client.instance(instances.get("web"));
            return "running".equals(web.path("active_vmm_state").asText()) && web.path("active_vmm_gen").asLong() > webGen;
        }, stepTimeout, "web to run again after its reboot");
        Poll.untilTrue(() -> {
            JsonNode db = client.instance(instances.get("db"));
            return dbTarget.toString().equals(db.path("active_vmm_id").asText()) && "running".equals(db.path("state").asText())
                    && db.path("migration_id").isNull();
        }, stepTimeout, "db's migration to complete");
        awaitInstance(client, instances.get("cache"), "stopped", "cache stopped");
        awaitInstance(client, instances.get("batch"), "failed", "batch failed");

        step("marking sled " + shortId(batchSled) + " off, restarting batch");
        client.sledOff(batchSled);
        UUID restarted = client.start(instances.get("batch"), null);
        labels.put(restarted, "batch (2)");
        UUID placedOn = sledOf(client, instances.get("batch"));
        if (placedOn.equals(batchSled)) {
            throw new DemoFailure("batch was restarted on sled " + batchSled + ", which is off");
        }
        step("batch placed on sled " + shortId(placedOn));
        awaitInstance(client, instances.get("batch"), "running", "batch running again");
    }

    private void awaitInstance(StackClient client, UUID instance, String state, String what) throws InterruptedException {
        Poll.untilTrue(() -> state.equals(client.instance(instance).path("state").asText()), stepTimeout, what);
    }

    private static UUID sledOf(StackClient client, UUID instance) throws IOException, InterruptedException {
        return UUID.fromString(client.instance(instance).path("active_vmm_sled_id").asText());
    }

    private void step(String what) {
        out.println("  " + what);
        out.flush();
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
