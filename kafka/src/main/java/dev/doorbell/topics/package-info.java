/**
 * The pipeline's topics: {@link PipelineTopics} names them and creates them with the right cleanup policies,
 * and {@link DeadLetterHeaders} are the headers of a dead-letter record on any of them (why, and where from),
 * shared by the state fetcher and the reconciler.
 */
package dev.doorbell.topics;
