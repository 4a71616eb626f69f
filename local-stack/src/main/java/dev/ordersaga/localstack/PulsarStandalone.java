package dev.ordersaga.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Pulsar standalone broker (metadata in RocksDB, one bookie, no stream storage, no functions worker) run from
 * the official binary distribution, which Maven has put in the local repository.
 */
final class PulsarStandalone {

    static final String HEALTH_PATH = "/admin/v2/brokers/health";
    private static final String MEMORY = "-Xms256m -Xmx1g -XX:MaxDirectMemorySize=1g";

    private final Properties buildProperties = buildProperties();
    private final String version = buildProperties.getProperty("pulsar.version");
    private final Path home;          // <dataDir>/pulsar-<version>
    private final Path brokerData;    // <dataDir>/data/pulsar
    private final Path runDir;        // <dataDir>/run (config copy, pid file)
    private final Path logDir;
    private final int brokerPort;
    private final int httpPort;
    private volatile Process process;
    private volatile long logOffset; // size of the log before this run

    PulsarStandalone(Path dataDir, int brokerPort, int httpPort) {
        this.home = dataDir.resolve("pulsar-" + version);
        this.brokerData = dataDir.resolve("data").resolve("pulsar");
        this.runDir = dataDir.resolve("run");
        this.logDir = dataDir.resolve("logs");
        this.brokerPort = brokerPort;
        this.httpPort = httpPort;
    }

    Path home() {
        return home;
    }

    Path logFile() {
        return logDir.resolve("pulsar.log");
    }

    String serviceUrl() {
        return "pulsar://localhost:" + brokerPort;
    }

    String adminUrl() {
        return "http://localhost:" + httpPort;
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Unpacks the distribution once; an interrupted unpack is left in a temp dir and redone next time. */
    void install() {
        if (Files.isExecutable(home.resolve("bin/pulsar"))) {
            return;
        }
        long t0 = System.nanoTime();
        Path tarball = locateDistribution(buildProperties);
        Path parent = home.getParent();
        try {
            Files.createDirectories(parent);
            try (Stream<Path> old = Files.list(parent)) {
                old.filter(p -> p.getFileName().toString().startsWith(".unpack-pulsar-"))
                        .forEach(Processes::deleteRecursively);
            }
            Path tmp = Files.createTempDirectory(parent, ".unpack-pulsar-");
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", tmp.toString())
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = tar.getInputStream()) {
                output = new String(in.readAllBytes());
            }
            if (tar.waitFor() != 0) {
                throw new LocalStackException("Unpacking " + tarball + " failed:\n" + output);
            }
            Path unpacked;
            try (Stream<Path> top = Files.list(tmp)) {
                unpacked = top.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new LocalStackException("Unexpected layout in " + tarball));
            }
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            Processes.deleteRecursively(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + tarball + " into " + parent, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while unpacking Pulsar", e);
        }
        Log.info("Pulsar %s unpacked into %s in %s", version, home, Log.since(t0));
    }

    /** Starts the broker process; see {@link #awaitHealthy}. */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException("Pulsar is already running (pid " + process.pid() + ")");
        }
        install();
        Processes.stopLeftover(pidFile(), "PulsarStandaloneStarter", "Pulsar broker");
        Processes.requireFreePort(brokerPort, "Pulsar (binary protocol)");
        Processes.requireFreePort(httpPort, "Pulsar (HTTP admin)");
        try {
            Files.createDirectories(brokerData);
            Files.createDirectories(logDir);
            Path config = writeConfig();
            logOffset = Processes.sizeOf(logFile());
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/pulsar").toString(), "standalone",
                    "--no-stream-storage", "--no-functions-worker",
                    "--config", config.toString(),
                    "--metadata-dir", brokerData.resolve("metadata").toString(),
                    "--bookkeeper-dir", brokerData.resolve("bookkeeper").toString()));
            ProcessBuilder pb = new ProcessBuilder(Processes.detached(command))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            Map<String, String> env = pb.environment();
            env.put("PULSAR_MEM", MEMORY);
            env.put("PULSAR_LOG_DIR", logDir.toString());
            env.put("PULSAR_GC_LOG", "-Xlog:gc:file=" + logDir.resolve("pulsar-gc.log") + ":time:filecount=2,filesize=10M");
            env.put("PULSAR_STANDALONE_CONF", config.toString());
            Files.writeString(logFile(), "\n===== local-stack: starting Pulsar at " + OffsetDateTime.now() + " =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process started = pb.start();
            process = started;
            Processes.writePid(pidFile(), started.pid());
            started.onExit().thenAccept(p -> {
                if (p == process) { // not stopped by us
                    Log.warn("Pulsar (pid %d) exited unexpectedly with code %d, see %s", p.pid(), p.exitValue(), logFile());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Pulsar from " + home, e);
        }
    }

    /** Waits until the broker's health check passes; stops it and throws (quoting its log) if it does not. */
    void awaitHealthy(Duration timeout, long startNanos) {
        Health.Outcome outcome;
        try {
            outcome = Health.await(URI.create(adminUrl() + HEALTH_PATH), body -> true, timeout, this::isRunning);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new LocalStackException("Interrupted while waiting for Pulsar", e);
        }
        if (outcome != Health.Outcome.HEALTHY) {
            String tail = Processes.tail(logFile(), 40, logOffset);
            stop();
            throw new LocalStackException((outcome == Health.Outcome.TIMED_OUT
                    ? "Pulsar did not become healthy within " + Log.seconds(timeout)
                    : "Pulsar exited during startup")
                    + " (" + adminUrl() + HEALTH_PATH + "). Last lines of " + logFile() + ":\n" + tail);
        }
        Log.info("Pulsar %s ready at %s / %s in %s", version, serviceUrl(), adminUrl(), Log.since(startNanos));
    }

    synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        long t0 = System.nanoTime();
        boolean wasAlive = p.isAlive();
        Processes.stop(p.toHandle(), Duration.ofSeconds(60));
        Processes.deletePid(pidFile());
        if (wasAlive) {
            Log.info("Pulsar stopped in %s", Log.since(t0));
        }
    }

    private Path pidFile() {
        return runDir.resolve("pulsar.pid");
    }

    /** conf/standalone.conf with our ports; bound to localhost only. */
    private Path writeConfig() throws IOException {
        Map<String, String> overrides = Map.of(
                "brokerServicePort", String.valueOf(brokerPort),
                "webServicePort", String.valueOf(httpPort),
                "bindAddress", "127.0.0.1",
                "advertisedAddress", "localhost");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("conf/standalone.conf"))) {
            int eq = line.indexOf('=');
            String key = eq > 0 && !line.startsWith("#") ? line.substring(0, eq).trim() : null;
            lines.add(key != null && overrides.containsKey(key) ? key + "=" + overrides.get(key) : line);
        }
        Files.createDirectories(runDir);
        Path config = runDir.resolve("standalone.conf");
        Files.write(config, lines);
        return config;
    }

    private static Properties buildProperties() {
        Properties props = new Properties();
        try (InputStream in = PulsarStandalone.class.getResourceAsStream("/local-stack.properties")) {
            if (in == null) {
                throw new LocalStackException("local-stack.properties missing from the classpath");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /**
     * The tarball: -Dlocalstack.pulsarDistribution, else the path Maven filtered in at build time, else the default
     * local repository.
     */
    private static Path locateDistribution(Properties props) {
        String version = props.getProperty("pulsar.version");
        String fileName = "pulsar-server-distribution-" + version + "-bin.tar.gz";
        List<Path> candidates = new ArrayList<>();
        String override = System.getProperty("localstack.pulsarDistribution", System.getenv("LOCAL_STACK_PULSAR_DISTRIBUTION"));
        if (override != null && !override.isBlank()) {
            candidates.add(Paths.get(override));
        }
        String built = props.getProperty("pulsar.distribution");
        if (built != null && !built.contains("${")) {
            candidates.add(Paths.get(built));
        }
        candidates.add(Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "pulsar",
                "pulsar-server-distribution", version, fileName));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new LocalStackException(
                "Pulsar distribution " + fileName + " not found (looked at " + candidates + "). Build local-stack with "
                        + "Maven once (`./mvnw -pl local-stack package`), which downloads it, or point "
                        + "-Dlocalstack.pulsarDistribution at the tarball."));
    }
}
