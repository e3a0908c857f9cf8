/**
 * JUnit 5 extensions that start real servers once per test JVM and inject them into tests:
 * {@link KafkaExtension} ({@link KafkaCluster}, {@link KafkaNodes} for three nodes or a dedicated cluster),
 * {@link RegistryExtension} ({@link RegistryServer}) and {@link PostgresExtension} ({@link PostgresServer}).
 * Their data and logs go under the test module's build directory ({@link TestDirectories}).
 */
package dev.doorbell.testkit;
