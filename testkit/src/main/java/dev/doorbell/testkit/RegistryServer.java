package dev.doorbell.testkit;

/**
 * A real schema registry (Apicurio Registry 3.3.3, in-memory storage) handed to a test by
 * {@link RegistryExtension}. Shared by every test of the JVM, so subjects from other tests may exist:
 * use unique subject names.
 */
public interface RegistryServer {

    /** Base URL of the Confluent schema-registry API, e.g. {@code http://127.0.0.1:P/apis/ccompat/v7}. */
    String ccompatUrl();

    /** Base URL of Apicurio's own v3 API, e.g. {@code http://127.0.0.1:P/apis/registry/v3}. */
    String coreV3Url();
}
