package dev.ordersaga.bench;

import java.awt.Color;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pulsar.client.api.PulsarClient;

import dev.ordersaga.localstack.LocalStack;

/**
 * One benchmark run: its own stack (Pulsar 26650/28080, PostgreSQL 25433, services 28081-28084, data in
 * bench/target/bench-stack, wiped), then the machine's limits, the relay, the sagas end to end; then the table, the
 * JSON and the plot. Every figure comes from a measurement of this run.
 */
final class Benchmark {

    static final int PULSAR_PORT = 26650;
    static final int PULSAR_HTTP_PORT = 28080;
    static final int POSTGRES_PORT = 25433;
    static final Map<String, Integer> SERVICE_PORTS = Map.of(LocalStack.BFF_SERVICE, 28081,
            LocalStack.ORDER_SAGA_SERVICE, 28082, LocalStack.INVENTORY_SERVICE, 28083, LocalStack.PAYMENT_SERVICE, 28084);

    private final Path root;
    private final BenchConfig config;
    private final Path jfrDir;

    Benchmark(Path root, BenchConfig config) {
        this(root, config, null);
    }

    /** @param jfrDir if not null, JFR recordings (profile settings) of the relay phase and of each service go there */
    Benchmark(Path root, BenchConfig config, Path jfrDir) {
        this.root = root;
        this.config = config;
        this.jfrDir = jfrDir == null ? null : jfrDir.toAbsolutePath();
    }

    record Result(Map<String, Object> json, String table, Path jsonFile, Path plotFile) {
    }

    Result run(Path outDir) throws Exception {
        long t0 = System.nanoTime();
        Instant startedAt = Instant.now();
        Map<String, Object> phases = new LinkedHashMap<>();
        Console.say("%s run; starting the bench stack (Pulsar %d/%d, PostgreSQL %d, services 28081-28084)",
                config.quick() ? "quick" : "full", PULSAR_PORT, PULSAR_HTTP_PORT, POSTGRES_PORT);
        LocalStack.Builder builder = LocalStack.builder().projectRoot(root)
                .dataDir(root.resolve("bench").resolve("target").resolve("bench-stack")).wipe(true)
                .pulsarPort(PULSAR_PORT).pulsarHttpPort(PULSAR_HTTP_PORT).postgresPort(POSTGRES_PORT)
                .extraDatabases("bench_limit", "bench_relay")
                .pulsarStartTimeout(Duration.ofSeconds(180)).serviceStartTimeout(Duration.ofSeconds(300));
        SERVICE_PORTS.forEach(builder::servicePort);
        if (jfrDir != null) {
            Files.createDirectories(jfrDir);
            for (String module : LocalStack.SERVICES) {
                builder.env(module, "JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + jfrDir.resolve(module + ".jfr"));
            }
        }
        try (LocalStack stack = builder.build().start()) {
            phases.put("stack_start_s", seconds(t0));
            createNamespace(stack.pulsarAdminUrl(), "public/bench");
            Db limitDb = db(stack, "bench_limit");
            Db relayDb = db(stack, "bench_relay");
            limitDb.createSchema();
            relayDb.createSchema();

            long t = System.nanoTime();
            int messageSize = ProductEvents.encodedSize();
            BrokerLimit.Result broker = new BrokerLimit(stack.pulsarHome(), stack.pulsarServiceUrl(), stack.pulsarAdminUrl(),
                    stack.logDir()).measure(messageSize, config.brokerSeconds());
            DatabaseLimit.Result database = new DatabaseLimit(limitDb).measure(config.dbClients(), config.dbSeconds(),
                    dev.ordersaga.messaging.MessageSchemas.encode(ProductEvents.reserveStock(java.util.UUID.randomUUID().toString(), "BENCH-00")));
            Bound bound = new Bound(broker.inAndOutPerSecond() / SagaCounts.MESSAGES_PER_SAGA,
                    database.txPerSecond() / SagaCounts.TRANSACTIONS_PER_SAGA);
            phases.put("limits_s", seconds(t));

            t = System.nanoTime();
            RelayBench.ModeResult relay;
            RelayBench.ModeResult baseline;
            try (PulsarClient pulsar = PulsarClient.builder().serviceUrl(stack.pulsarServiceUrl()).build()) {
                RelayBench bench = new RelayBench(relayDb, pulsar);
                jdk.jfr.Recording recording = null;
                if (jfrDir != null) {
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.start();
                }
                relay = bench.run("product", RelayBench.productDefaults(), config.relayRates(), config.relaySeconds(),
                        config.relayBacklog());
                if (recording != null) {
                    recording.stop();
                    recording.dump(jfrDir.resolve("bench-relay.jfr"));
                    recording.close();
                }
                baseline = bench.run("baseline", RelayBench.prototypeBaseline(), config.baselineRates(),
                        config.baselineSeconds(), config.baselineBacklog());
            }
            phases.put("relay_s", seconds(t));

            t = System.nanoTime();
            Map<String, List<Long>> processes = processes(stack);
            processes.values().forEach(ProcessMemory::resetPeak);
            E2eBench e2e = new E2eBench(stack.bffUrl(), db(stack, "order_saga"), db(stack, "inventory"), db(stack, "payment"));
            List<E2eBench.Step> steps = new ArrayList<>();
            try {
                e2e.createData();
                e2e.run("warm-up (not reported) " + config.warmupRate() + "/s", config.warmupRate(), config.warmupSeconds(),
                        15, false);
                for (int rate : config.e2eRates()) {
                    steps.add(e2e.run(rate, config.e2eSeconds(), config.e2eDrainSeconds(), false));
                }
                steps.add(e2e.run(saturationRate(steps), config.saturationSeconds(), config.saturationDrainSeconds(), true));
            }
            finally {
                e2e.close();
            }
            Map<String, Double> memory = new LinkedHashMap<>();
            processes.forEach((name, pids) -> memory.put(name, name.startsWith("postgres")
                    ? ProcessMemory.sumPeakMiB(pids) : ProcessMemory.maxPeakMiB(pids)));
            phases.put("e2e_s", seconds(t));
            Console.say("stopping the bench stack");
            phases.put("total_s_before_stop", seconds(t0));

            Report report = new Report(config, broker, database, bound, relay, baseline, steps, memory);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", config.quick() ? "quick" : "full");
            json.put("started_at", startedAt.toString());
            json.put("machine", machine());
            json.putAll(report.toJson());
            json.put("phase_seconds", phases);
            Files.createDirectories(outDir);
            Path jsonFile = outDir.resolve("latest.json");
            Path plotFile = outDir.resolve("latency-vs-rate.png");
            Files.writeString(jsonFile, Json.write(json));
            LatencyPlot.write(plotFile, plot(relay, baseline, steps));
            return new Result(json, report.table() + String.format("%nwritten: %s, %s (run took %.0f s before stopping the stack)%n",
                    root.relativize(jsonFile.toAbsolutePath()), root.relativize(plotFile.toAbsolutePath()), seconds(t0)),
                    jsonFile, plotFile);
        }
    }

    /**
     * The saturation step's arrival rate: 1.5 times the highest fixed rate, at most {@code saturationRate}: above what
     * the stack did in the fixed steps, without burying it (far above capacity, placements, one HTTP request and one
     * transaction each, crowd out the saga steps and throughput collapses).
     */
    private int saturationRate(List<E2eBench.Step> fixed) {
        double highest = fixed.stream().mapToDouble(E2eBench.Step::offeredPerSecond).max().orElse(10);
        return (int) Math.min(config.saturationRate(), 1.5 * highest);
    }

    /** The highest saga rate the broker and the database allow if the product added nothing. */
    record Bound(double byBroker, double byDatabase) {
        double sagasPerSecond() {
            return Math.min(byBroker, byDatabase);
        }

        String limitedBy() {
            return byBroker <= byDatabase ? "broker" : "database";
        }
    }

    private static List<LatencyPlot.Panel> plot(RelayBench.ModeResult relay, RelayBench.ModeResult baseline,
            List<E2eBench.Step> steps) {
        Color red = new Color(200, 40, 40);
        Color orange = new Color(230, 140, 20);
        Color blue = new Color(30, 90, 200);
        List<LatencyPlot.Series> relaySeries = new ArrayList<>();
        relaySeries.add(relaySeries("product relay p99", red, false, relay.steps(), true));
        relaySeries.add(relaySeries("product relay p50", blue, false, relay.steps(), false));
        relaySeries.add(relaySeries("baseline (3 s poll, batch 10) p99", red, true, baseline.steps(), true));
        relaySeries.add(relaySeries("baseline p50", blue, true, baseline.steps(), false));
        relaySeries.add(new LatencyPlot.Series("backlog drain p99 (x = rows/s drained)", red, false, true, List.of(
                new LatencyPlot.Point(relay.saturation().ackedPerSecond(), relay.saturation().commitToAck().p99()),
                new LatencyPlot.Point(baseline.saturation().ackedPerSecond(), baseline.saturation().commitToAck().p99()))));
        List<LatencyPlot.Point> p50 = new ArrayList<>();
        List<LatencyPlot.Point> p95 = new ArrayList<>();
        List<LatencyPlot.Point> p99 = new ArrayList<>();
        List<LatencyPlot.Point> saturation = new ArrayList<>();
        for (E2eBench.Step s : steps) {
            if (s.saturation()) {
                saturation.add(new LatencyPlot.Point(s.sagasPerSecond(), s.placementToTerminal().p99()));
                continue;
            }
            p50.add(new LatencyPlot.Point(s.offeredPerSecond(), s.placementToTerminal().p50()));
            p95.add(new LatencyPlot.Point(s.offeredPerSecond(), s.placementToTerminal().p95()));
            p99.add(new LatencyPlot.Point(s.offeredPerSecond(), s.placementToTerminal().p99()));
        }
        return List.of(
                new LatencyPlot.Panel("Outbox relay: commit -> broker ack", "rows/s offered (committed)",
                        "latency (ms)", relaySeries),
                new LatencyPlot.Panel("Sagas end to end: placement -> terminal", "sagas/s offered",
                        "latency (ms)", List.of(
                                new LatencyPlot.Series("p99", red, false, p99),
                                new LatencyPlot.Series("p95", orange, false, p95),
                                new LatencyPlot.Series("p50", blue, false, p50),
                                new LatencyPlot.Series("saturation p99 (x = sagas/s ended)", red, false, true,
                                        saturation))));
    }

    private static LatencyPlot.Series relaySeries(String name, Color color, boolean dashed, List<RelayBench.Step> steps,
            boolean p99) {
        List<LatencyPlot.Point> points = new ArrayList<>();
        for (RelayBench.Step s : steps) {
            points.add(new LatencyPlot.Point(s.committedPerSecond(), p99 ? s.commitToAck().p99() : s.commitToAck().p50()));
        }
        return new LatencyPlot.Series(name, color, dashed, points);
    }

    private static Map<String, List<Long>> processes(LocalStack stack) throws IOException {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        for (String module : stack.services()) {
            processes.put(module, ProcessMemory.tree(stack.pid(module)));
        }
        Path pulsarPid = stack.dataDir().resolve("run").resolve("pulsar.pid");
        if (Files.isRegularFile(pulsarPid)) {
            processes.put("pulsar-broker", ProcessMemory.tree(Long.parseLong(Files.readString(pulsarPid).trim())));
        }
        Path postmaster = stack.dataDir().resolve("data").resolve("postgres").resolve("postmaster.pid");
        if (Files.isRegularFile(postmaster)) {
            processes.put("postgres (sum of processes)",
                    ProcessMemory.tree(Long.parseLong(Files.readAllLines(postmaster).get(0).trim())));
        }
        return processes;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("memory_gib", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return m;
    }

    private static Db db(LocalStack stack, String name) {
        return new Db(stack.jdbcUrl(name), stack.dbUser(), stack.dbPassword());
    }

    private static void createNamespace(String adminUrl, String namespace) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(adminUrl + "/admin/v2/namespaces/" + namespace)).PUT(HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 && response.statusCode() != 409) {
            throw new IllegalStateException("Cannot create namespace " + namespace + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }
}
