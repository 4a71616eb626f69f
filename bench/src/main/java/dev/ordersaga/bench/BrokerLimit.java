package dev.ordersaga.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's limit with the distribution's own {@code bin/pulsar-perf}, with messages of the size of a real
 * encoded product event, keyed (random keys: every product message is keyed by its order id), batched in 1 ms windows
 * like the relay's producers, at a rate no machine reaches ({@code -r 10000000}; pulsar-perf 4 refuses 0):
 * <ol>
 * <li>{@code produce} alone: what the relay phase is compared with;</li>
 * <li>{@code produce} with a {@code consume} on a Key_Shared subscription beside it: the rate at which messages go in
 * and out at once, which is what a saga needs (every message is consumed once).</li>
 * </ol>
 * With {@code -i 1} the Pulsar client in pulsar-perf logs its own figures every second (producer: acknowledgements
 * received per second and publish latency; consumer: messages received per second). The bench skips the first
 * second in which messages move, counts the next N one-second lines, then stops the tools: a slow JVM start (several
 * seconds on a busy 2-core machine) does not dilute the rate as pulsar-perf's own end-of-run average would.
 * Rate: the mean of the N lines. Publish latency: the median of the per-second medians, the highest per-second p95,
 * p99 and max (the consumer's lines carry no latency).
 * The bytes on the wire are the product's: it publishes Avro bytes with AUTO_PRODUCE_BYTES, pulsar-perf publishes
 * bytes; the product's client additionally validates each message against the Avro schema.
 */
final class BrokerLimit {

    private static final int UNLIMITED = 10_000_000;
    /** The client's own one-second stats ({@code -i 1}): acknowledged sends, or messages received. */
    private static final Pattern INTERVAL = Pattern.compile("(?:Ack received rate|Consume throughput received): ([\\d.,]+) (?:ack|msgs)/s");
    private static final Pattern MED = Pattern.compile("Latency: med: ([\\d.,]+) ms");
    private static final Pattern P95 = Pattern.compile("Latency: med: [\\d.,]+ ms - 95pct: ([\\d.,]+) ms");
    private static final Pattern P99 = Pattern.compile("Latency: med: [\\d.,]+ ms - 95pct: [\\d.,]+ ms - 99pct: ([\\d.,]+) ms");
    private static final Pattern MAX = Pattern.compile("Latency: med: .*? - max: ([\\d.,]+) ms");

    private final Path pulsarHome;
    private final String serviceUrl;
    private final String adminUrl;
    private final Path logDir;

    BrokerLimit(Path pulsarHome, String serviceUrl, String adminUrl, Path logDir) {
        this.pulsarHome = pulsarHome;
        this.serviceUrl = serviceUrl;
        this.adminUrl = adminUrl;
        this.logDir = logDir;
    }

    record Run(String what, int intervals, double msgPerSecond, Latency latency) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("one_second_intervals", intervals);
            json.put("msg_per_s", msgPerSecond);
            json.put("latency", latency.toJson());
            return json;
        }
    }

    record Result(int messageSize, int seconds, Run produceAlone, Run produceWithConsumer, Run consume) {
        /** Messages per second the broker takes in and hands out at once: what a saga needs. */
        double inAndOutPerSecond() {
            return Math.min(produceWithConsumer.msgPerSecond(), consume.msgPerSecond());
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "pulsar-perf (distribution bin/pulsar-perf), keyed, 1 ms batching, -r 10000000");
            json.put("message_size_bytes", messageSize);
            json.put("measured_s", seconds);
            json.put("produce_alone", produceAlone.toJson());
            json.put("produce_with_key_shared_consumer", produceWithConsumer.toJson());
            json.put("consume_key_shared", consume.toJson());
            json.put("in_and_out_msg_per_s", inAndOutPerSecond());
            return json;
        }
    }

    Result measure(int messageSize, int seconds) throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Console.say("broker: pulsar-perf produce alone, %d-byte messages, %d s once sending", messageSize, seconds);
        Run alone;
        try (Tool producer = new Tool("produce-alone", produceArgs("persistent://public/bench/perf-alone-" + runId, messageSize))) {
            alone = producer.measure(seconds, producer, "produce alone");
        }
        Console.say("broker: %,.0f msg/s; now produce + Key_Shared consume side by side, %d s", alone.msgPerSecond(), seconds);
        String topic = "persistent://public/bench/perf-pair-" + runId;
        Run withConsumer;
        Run consume;
        try (Tool consumer = new Tool("consume", List.of("consume", "-u", serviceUrl, "-st", "Key_Shared", "-ss", "bench",
                "-i", "1", topic))) {
            consumer.awaitLine("Start receiving", 120);
            try (Tool producer = new Tool("produce-pair", produceArgs(topic, messageSize))) {
                producer.awaitInterval(120);
                consumer.intervals.clear();
                withConsumer = producer.measure(seconds, producer, "produce with consumer");
                consume = consumer.collect(seconds, "consume");
            }
        }
        Console.say("broker: produce %,.0f msg/s, consume %,.0f msg/s (Key_Shared)", withConsumer.msgPerSecond(),
                consume.msgPerSecond());
        return new Result(messageSize, seconds, alone, withConsumer, consume);
    }

    private List<String> produceArgs(String topic, int messageSize) {
        return List.of("produce", "-u", serviceUrl, "-au", adminUrl, "-s", String.valueOf(messageSize),
                "-r", String.valueOf(UNLIMITED), "-mk", "random", "-b", "1", "-i", "1", topic);
    }

    /** One pulsar-perf process; its output is copied to logs/pulsar-perf-NAME.log and watched for interval lines. */
    private final class Tool implements AutoCloseable {
        final String name;
        final Process process;
        final BlockingQueue<String> intervals = new LinkedBlockingQueue<>();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Tool(String name, List<String> args) {
            this.name = name;
            List<String> command = new ArrayList<>();
            command.add(pulsarHome.resolve("bin/pulsar-perf").toString());
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).directory(pulsarHome.toFile()).redirectErrorStream(true);
            pb.environment().put("PULSAR_MEM", "-Xms128m -Xmx512m -XX:MaxDirectMemorySize=512m");
            pb.environment().put("PULSAR_LOG_DIR", logDir.toString());
            try {
                Files.createDirectories(logDir);
                process = pb.start();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + command, e);
            }
            Path log = logDir.resolve("pulsar-perf-" + name + ".log");
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println(line);
                        if (INTERVAL.matcher(line).find()) {
                            intervals.add(line);
                        }
                        else {
                            lines.add(line);
                        }
                    }
                }
                catch (IOException ignored) {
                    // the process ended
                }
            }, "pulsar-perf-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String text, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.contains(text)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
            throw new IllegalStateException("pulsar-perf " + name + " did not print \"" + text + "\"; see " + logDir);
        }

        /** Waits for the first one-second interval in which messages moved (the JVM is up, the producer sends). */
        void awaitInterval(int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline) {
                String line = intervals.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && rate(line) > 0) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
            throw new IllegalStateException("pulsar-perf " + name + " sent nothing within " + timeoutSeconds + " s; see "
                    + logDir);
        }

        Run measure(int seconds, Tool self, String what) throws InterruptedException {
            if (intervals.isEmpty() && self == this) {
                awaitInterval(120);
            }
            intervals.clear();
            return collect(seconds, what);
        }

        Run collect(int seconds, String what) throws InterruptedException {
            List<String> counted = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30L);
            while (counted.size() < seconds && System.nanoTime() < deadline) {
                String line = intervals.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    counted.add(line);
                }
            }
            if (counted.isEmpty()) {
                throw new IllegalStateException("pulsar-perf " + name + " printed no figures; see " + logDir);
            }
            double sum = 0;
            List<Double> medians = new ArrayList<>();
            double p95 = 0;
            double p99 = 0;
            double max = 0;
            for (String line : counted) {
                sum += rate(line);
                if (MED.matcher(line).find()) {
                    medians.add(number(MED, line));
                    p95 = Math.max(p95, number(P95, line));
                    p99 = Math.max(p99, number(P99, line));
                    max = Math.max(max, number(MAX, line));
                }
            }
            medians.sort(Double::compare);
            return new Run(what, counted.size(), sum / counted.size(), medians.isEmpty() ? Latency.NONE
                    : new Latency(counted.size(), medians.get(medians.size() / 2), p95, p99, max));
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static double rate(String line) {
        Matcher m = INTERVAL.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : 0;
    }

    private static double number(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : Double.NaN;
    }
}
