package dev.doorbell.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link KafkaExtension} for a particular {@link KafkaCluster}: {@code @KafkaNodes(3)} for a
 * three-node cluster (shared by every test that asks for three nodes), {@code dedicated = true} for
 * a cluster of this test method alone, stopped and deleted after it.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface KafkaNodes {

    /** Number of nodes: 1 or 3. */
    int value() default 1;

    /** A new cluster for this test method only. */
    boolean dedicated() default false;
}
