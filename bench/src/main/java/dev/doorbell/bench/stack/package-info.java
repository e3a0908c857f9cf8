/**
 * What every benchmark scenario runs on and measures with. {@link BenchStack} wires the pipeline once on shared
 * {@link BenchServers} ({@link LocalServers} or {@link ExternalServers}) with a simulated {@link Fleet}; a
 * {@link DeliveryMode} says how a change reaches the database, {@link ChangeDriver} makes the changes and
 * {@link ApplyPoller} sees them applied. The measuring side: {@link CpuMeter} (per {@link Component}, from
 * {@link ProcessTreeCpu} and {@link ThreadCpuSampler}), {@link KafkaTraffic} (the clients' JMX metrics),
 * {@link StackSnapshot} and {@link PhaseCost}, and {@link SweepWindows} with {@link SweepSplit} for latency
 * during sweeps.
 */
package dev.doorbell.bench.stack;
