package dev.doorbell.cli;

import dev.doorbell.topics.PipelineTopics;
import picocli.CommandLine.Option;

/** {@code --topic-suffix}: the pipeline's topics under names of their own, for several pipelines on one cluster. */
final class TopicOptions {

    @Option(names = "--topic-suffix", defaultValue = "", paramLabel = "SUFFIX",
            description = "Append this to every pipeline topic's name (vmm.doorbells<SUFFIX>, vmm.states<SUFFIX>, ...); default none.")
    String suffix;

    PipelineTopics topics() {
        return suffix.isEmpty() ? PipelineTopics.defaults() : PipelineTopics.suffixed(suffix);
    }
}
