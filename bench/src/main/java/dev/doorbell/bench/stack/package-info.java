/**
 * What every benchmark scenario runs on and measures with. {@link BenchStack} wires the pipeline once on shared
 * {@link BenchServers} ({@link LocalServers} or {@link ExternalServers}) with a simulated {@link Fleet}; a
 * {@link DeliveryMode} says how a change reaches the database, {@link ChangeDriver} makes the changes and
 * {@link ApplyPoller} sees them applied: the primary latency figure, the same in every mode (from the sled's
 * {@code time_updated} to the first poll that finds the change, so up to one poll interval more than the commit).
 * Beside it, {@link StageLatency} reads the fetcher's and the reconciler's own stage histograms (ring → fetch started,
 * the sled request, ring → emitted; published → commit, change → commit, ring → commit) over a phase: no polling in them, but bucket upper bounds, and only what its consumer applies from {@code vmm.states} (the
 * doorbell path; upcall-body too, change → commit only; never direct-upcall). {@link FinalState} is whether the
 * database ended equal to the sleds, by {@code doorbell audit}'s audit. The measuring side: {@link CpuMeter} (per {@link Component}, from
 * {@link ProcessTreeCpu} and {@link ThreadCpuSampler}), {@link KafkaTraffic} (the clients' JMX metrics),
 * {@link StackSnapshot} and {@link PhaseCost}, and {@link SweepWindows} with {@link SweepSplit} for latency
 * during sweeps.
 */
package dev.doorbell.bench.stack;
