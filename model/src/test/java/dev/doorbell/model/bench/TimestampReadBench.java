package dev.doorbell.model.bench;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.doorbell.model.Json;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Measures what reading a sled's state costs with {@code Json.mapper()} (timestamps of the common RFC 3339 shape read
 * by {@code CommonInstantDeserializer}) against the same mapper without it (every timestamp through
 * {@code JavaTimeModule}'s {@code java.time} parser, as before). Asserts nothing. One thread, CPU time of that thread;
 * both readers warmed up, then {@code rounds} rounds with the order swapped every round; prints each round's
 * microseconds per state read and the ratio, and the median ratio.
 * Usage: {@code TimestampReadBench [states=200000] [rounds=6]}. To run: {@code ./mvnw -o -pl model test-compile
 * dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}, then, with a JDK 21+ {@code java}:
 * {@code java -cp model/target/classes:model/target/test-classes:$(cat model/target/cp.txt) dev.doorbell.model.bench.TimestampReadBench}.
 */
public final class TimestampReadBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TimestampReadBench() {
    }

    public static void main(String[] args) throws Exception {
        int states = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        List<byte[]> answers = answers(states, Json.mapper());
        ObjectReader common = Json.mapper().readerFor(SledVmmState.class);
        ObjectReader general = generalMapper().readerFor(SledVmmState.class);
        if (!common.readValue(answers.get(0)).equals(general.readValue(answers.get(0)))) {
            throw new IllegalStateException("the two readers disagree");
        }
        for (int i = 0; i < 3; i++) {
            read(common, answers);
            read(general, answers);
        }
        measure(general, common, answers, rounds);
    }

    private static void measure(ObjectReader general, ObjectReader common, List<byte[]> answers, int rounds) throws Exception {
        double[] ratios = new double[rounds];
        System.out.printf("%d states a round (1-2 timestamps each, 6 fraction digits as chrono writes them)%n", answers.size());
        System.out.println("round | order | general us/state | common us/state | common / general");
        for (int round = 0; round < rounds; round++) {
            boolean generalFirst = round % 2 == 0;
            double first = read(generalFirst ? general : common, answers);
            double second = read(generalFirst ? common : general, answers);
            double g = generalFirst ? first : second;
            double c = generalFirst ? second : first;
            ratios[round] = c / g;
            System.out.printf("%d | %s | %.3f | %.3f | %.3f%n", round + 1, generalFirst ? "general, common" : "common, general", g, c, c / g);
        }
        Arrays.sort(ratios);
        System.out.printf("median common / general: %.3f%n", ratios[rounds / 2]);
    }

    /** @return CPU microseconds of this thread per state read */
    private static double read(ObjectReader reader, List<byte[]> answers) throws Exception {
        long started = THREADS.getCurrentThreadCpuTime();
        long gens = 0;
        for (byte[] answer : answers) {
            SledVmmState state = reader.readValue(answer);
            gens += state.vmmState().gen();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - started;
        if (gens < 0) {
            throw new IllegalStateException("unreachable: keeps the reads live");
        }
        return cpu / 1e3 / answers.size();
    }

    /** {@code Json.mapper()} as it was: the same settings, every timestamp through {@code java.time}'s parser. */
    private static ObjectMapper generalMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private static List<byte[]> answers(int count, ObjectMapper mapper) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        VmmState[] lifecycle = VmmState.values();
        List<byte[]> answers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant at = Instant.ofEpochSecond(1_767_000_000L + random.nextInt(10_000_000), random.nextInt(1_000_000) * 1_000L);
            VmmRuntimeState vmm = new VmmRuntimeState(lifecycle[random.nextInt(lifecycle.length)], 2 + random.nextInt(100), at);
            MigrationRuntimeState migration = random.nextInt(4) == 0
                    ? new MigrationRuntimeState(new UUID(random.nextLong(), random.nextLong()), MigrationState.IN_PROGRESS, 1, at)
                    : null;
            answers.add(mapper.writeValueAsBytes(new SledVmmState(vmm, null, migration)));
        }
        return answers;
    }
}
