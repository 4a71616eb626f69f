package dev.ordersaga.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The whole system on this machine, without Docker: a Pulsar standalone broker, PostgreSQL (embedded or external)
 * and the four Spring Boot services as separate JVMs.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().projectRoot(root).dataDir(dir).wipe(true).build().start()) {
 *     stack.bffUrl();                 // http://localhost:8081
 *     stack.kill("payment-service");  // SIGKILL
 *     stack.start("payment-service"); // same settings, waits for health
 * }
 * }</pre>
 *
 * Everything started is stopped by {@link #close()} (also from a JVM shutdown hook): services first, then the broker,
 * then PostgreSQL. Data lives under {@code dataDir}: {@code data/pulsar}, {@code data/postgres}, {@code logs/},
 * {@code run/} (pid files, broker config) and the unpacked distribution {@code pulsar-<version>/}.
 */
public final class LocalStack implements AutoCloseable {

    public static final String INVENTORY_SERVICE = "inventory-service";
    public static final String PAYMENT_SERVICE = "payment-service";
    public static final String ORDER_SAGA_SERVICE = "order-saga-service";
    public static final String BFF_SERVICE = "bff-service";
    /** All services, in the order they are listed (they start in parallel). */
    public static final List<String> SERVICES = List.of(INVENTORY_SERVICE, PAYMENT_SERVICE, ORDER_SAGA_SERVICE, BFF_SERVICE);
    /** The databases created on start. */
    public static final List<String> DATABASES = List.of("order_saga", "inventory", "payment");

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            BFF_SERVICE, 8081, ORDER_SAGA_SERVICE, 8082, INVENTORY_SERVICE, 8083, PAYMENT_SERVICE, 8084);
    private static final Map<String, String> SERVICE_DATABASE = Map.of(
            ORDER_SAGA_SERVICE, "order_saga", INVENTORY_SERVICE, "inventory", PAYMENT_SERVICE, "payment");

    private final Builder config;
    private final Path dataDir;
    private final PulsarStandalone pulsar;
    private final Postgres postgres;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "local-stack-shutdown");
    /** Held while a process is being launched and while close() marks the stack closed: nothing starts after that. */
    private final Object launchLock = new Object();
    private volatile boolean started;
    private volatile boolean launchedAny;
    private FileChannel lockChannel;
    private volatile boolean closed;

    private LocalStack(Builder config) {
        this.config = config;
        this.dataDir = config.dataDir.toAbsolutePath().normalize();
        this.pulsar = new PulsarStandalone(dataDir, config.pulsarPort, config.pulsarHttpPort);
        this.postgres = config.externalJdbcUrl != null
                ? Postgres.external(config.externalJdbcUrl, config.externalUser, config.externalPassword)
                : Postgres.embedded(dataDir.resolve("data").resolve("postgres"), config.postgresPort,
                        logDir().resolve("postgres.log"));
        for (String module : config.services) {
            services.put(module, new ServiceProcess(module, jarOf(module), portOf(module), envFor(module),
                    config.jvmOpts, logDir(), dataDir.resolve("run")));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts PostgreSQL and Pulsar (in parallel), creates the databases, then the services (in parallel). */
    public LocalStack start() {
        synchronized (launchLock) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long t0 = System.nanoTime();
        try {
            lockDataDir();
            for (ServiceProcess service : services.values()) {
                if (!Files.isRegularFile(service.jar())) {
                    throw new LocalStackException("Jar of " + service.module() + " not found: " + service.jar()
                            + ". Build the services first: ./mvnw -DskipTests package");
                }
            }
            forEachInParallel(services.values(), ServiceProcess::stopLeftover);
            if (config.wipe) {
                wipe();
            }
            CompletableFuture<Void> database = async("postgres-start", () -> {
                launching(postgres::start);
                if (config.wipe && !postgres.isEmbedded()) {
                    postgres.dropDatabases(config.databases);
                }
                postgres.createDatabases(config.databases);
            });
            startBroker();
            join(database);
            startServices(new ArrayList<>(services.keySet()));
            Log.info("local stack up in %s", Log.since(t0));
            return this;
        } catch (RuntimeException e) {
            if (closed) {
                throw new LocalStackException("start aborted: the local stack is shutting down", e);
            }
            close();
            throw e;
        }
    }

    // ---- services ----

    /** Starts (again) a service with the settings the stack was built with and waits until it is healthy. */
    public void start(String module) {
        start(module, Map.of());
    }

    /**
     * Starts (again) a service with these environment variables on top of the stack's settings (e.g.
     * {@code SAGA_STEP_TIMEOUT=5s}) and waits until it is healthy. They hold until the next start.
     */
    public void start(String module, Map<String, String> extraEnv) {
        service(module).overrideEnv(extraEnv);
        startServices(List.of(module));
    }

    /** Graceful stop (SIGTERM; SIGKILL after 30 s). */
    public void stop(String module) {
        service(module).stop();
    }

    /** SIGKILL: the process dies without running its shutdown hooks, like a crash. */
    public void kill(String module) {
        service(module).kill();
    }

    public boolean isRunning(String module) {
        return service(module).isRunning();
    }

    /** Process id of the running service, or -1. */
    public long pid(String module) {
        return service(module).pid();
    }

    public String serviceUrl(String module) {
        return "http://localhost:" + portOf(module);
    }

    public String bffUrl() {
        return serviceUrl(BFF_SERVICE);
    }

    /** Started services (all four unless the builder chose fewer). */
    public List<String> services() {
        return List.copyOf(services.keySet());
    }

    public Path logFile(String module) {
        return logDir().resolve(module + ".log");
    }

    // ---- broker ----

    public void stopBroker() {
        pulsar.stop();
    }

    /** Starts the broker (again, on the same data) and waits for its health check. */
    public void startBroker() {
        long t0 = System.nanoTime();
        launching(pulsar::launch);
        pulsar.awaitHealthy(config.pulsarStartTimeout, t0);
    }

    public boolean isBrokerRunning() {
        return pulsar.isRunning();
    }

    public String pulsarServiceUrl() {
        return pulsar.serviceUrl();
    }

    public String pulsarAdminUrl() {
        return pulsar.adminUrl();
    }

    /** The unpacked Pulsar distribution (bin/pulsar-admin, bin/pulsar-client, ...). */
    public Path pulsarHome() {
        return pulsar.home();
    }

    public Path pulsarLogFile() {
        return pulsar.logFile();
    }

    // ---- database ----

    /** jdbc:postgresql://localhost:5433/{database} (or the external server's URL). */
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    public String dbUser() {
        return postgres.user();
    }

    public String dbPassword() {
        return postgres.password();
    }

    public boolean isEmbeddedPostgres() {
        return postgres.isEmbedded();
    }

    // ---- locations ----

    public Path dataDir() {
        return dataDir;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path projectRoot() {
        return config.projectRoot;
    }

    /** Stops the services (in parallel), then the broker, then PostgreSQL; waits for all to exit. Idempotent. */
    @Override
    public void close() {
        synchronized (launchLock) {
            if (closed || !started) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        if (!launchedAny) {
            unlockDataDir();
            return;
        }
        long t0 = System.nanoTime();
        Log.info("stopping the local stack");
        runQuietly(() -> forEachInParallel(services.values(), ServiceProcess::stop));
        runQuietly(pulsar::stop);
        runQuietly(postgres::close);
        unlockDataDir();
        Log.info("local stack stopped in %s", Log.since(t0));
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- internals ----

    /** Launches the services, then waits for all of them; if one fails, the ones launched here are stopped. */
    private void startServices(List<String> modules) {
        long t0 = System.nanoTime();
        List<ServiceProcess> launched = new ArrayList<>();
        try {
            for (String module : modules) {
                ServiceProcess service = service(module);
                launching(service::launch);
                launched.add(service);
            }
            forEachInParallel(launched, service -> service.awaitHealthy(config.serviceStartTimeout, t0));
        } catch (RuntimeException e) {
            forEachInParallel(launched, ServiceProcess::stop);
            throw e;
        }
    }

    private void launching(Runnable launch) {
        synchronized (launchLock) {
            if (closed) {
                throw new LocalStackException("the local stack is closed");
            }
            launchedAny = true;
            launch.run();
        }
    }

    /**
     * One launcher per data directory: held with an OS file lock (released even if this JVM is killed), so pid files
     * found under run/ while we hold it are leftovers of a dead launcher, never processes of a live one.
     */
    private void lockDataDir() {
        Path lockFile = dataDir.resolve("run").resolve("local-stack.lock");
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String owner = Files.readString(lockFile).trim();
                throw new LocalStackException("The data directory " + dataDir + " is in use by another local stack"
                        + (owner.isEmpty() ? "" : " (pid " + owner + ")") + ". Stop it, or use another data directory.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            lockChannel = channel;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
    }

    private void unlockDataDir() {
        if (lockChannel != null) {
            try {
                lockChannel.truncate(0);
                lockChannel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock goes away with the process anyway
            }
            lockChannel = null;
        }
    }

    private void wipe() {
        Processes.stopLeftover(dataDir.resolve("run").resolve("pulsar.pid"), "PulsarStandaloneStarter", "Pulsar broker");
        Processes.stopLeftover(dataDir.resolve("data").resolve("postgres").resolve("postmaster.pid"), "bin/postgres",
                "PostgreSQL");
        Path data = dataDir.resolve("data");
        if (Files.exists(data)) {
            Processes.deleteRecursively(data);
            Log.info("wiped %s", data);
        }
    }

    private ServiceProcess service(String module) {
        ServiceProcess service = services.get(module);
        if (service == null) {
            throw new IllegalArgumentException("Unknown or not selected service: " + module + " (have " + services.keySet() + ")");
        }
        return service;
    }

    private Path jarOf(String module) {
        return config.projectRoot.resolve(module).resolve("target").resolve(module + ".jar");
    }

    private int portOf(String module) {
        Integer port = config.servicePorts.getOrDefault(module, DEFAULT_PORTS.get(module));
        if (port == null) {
            throw new IllegalArgumentException("Unknown service: " + module + " (known: " + SERVICES + ")");
        }
        return port;
    }

    private Map<String, String> envFor(String module) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(portOf(module)));
        env.put("SPRING_PULSAR_CLIENT_SERVICE_URL", pulsar.serviceUrl());
        env.put("SPRING_PULSAR_ADMIN_SERVICE_URL", pulsar.adminUrl());
        String database = SERVICE_DATABASE.get(module);
        if (database != null) {
            env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl(database));
            env.put("SPRING_DATASOURCE_USERNAME", postgres.user());
            env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
        }
        if (module.equals(BFF_SERVICE)) {
            env.put("BFF_ORDER_SAGA_URL", serviceUrl(ORDER_SAGA_SERVICE));
        }
        env.putAll(config.env);
        env.putAll(config.moduleEnv.getOrDefault(module, Map.of()));
        return env;
    }

    private static CompletableFuture<Void> async(String threadName, Runnable task) {
        return CompletableFuture.runAsync(task, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            t.start();
        });
    }

    /** Runs the action for every service at once; waits for all, then throws if any failed (all messages). */
    private static void forEachInParallel(Collection<ServiceProcess> all, Consumer<ServiceProcess> action) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (ServiceProcess service : all) {
            futures.add(async(service.module(), () -> action.accept(service)));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> future : futures) {
            try {
                join(future);
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new LocalStackException(String.join("\n", failures));
        }
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            Log.warn("while stopping: %s", e.getMessage());
        }
    }

    /**
     * The repository root: -Dlocalstack.projectRoot, else the first directory upwards from the working directory
     * that has both pom.xml and local-stack/.
     */
    public static Path findProjectRoot() {
        String explicit = System.getProperty("localstack.projectRoot");
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit).toAbsolutePath().normalize();
        }
        Path cwd = Paths.get("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("local-stack"))) {
                return dir;
            }
        }
        throw new LocalStackException("Cannot find the project root above " + cwd
                + " (a directory with pom.xml and local-stack/); pass -Dlocalstack.projectRoot=...");
    }

    /** Settings; every one has a default suitable for {@code bin/local-stack}. */
    public static final class Builder {
        private Path projectRoot;
        private Path dataDir;
        private boolean wipe;
        private int pulsarPort = 6650;
        private int pulsarHttpPort = 8080;
        private int postgresPort = 5433;
        private String externalJdbcUrl;
        private String externalUser;
        private String externalPassword;
        private List<String> jvmOpts = List.of("-Xmx384m", "-XX:+UseSerialGC");
        private Set<String> services = new LinkedHashSet<>(SERVICES);
        private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> moduleEnv = new LinkedHashMap<>();
        private final Set<String> databases = new LinkedHashSet<>(DATABASES);
        private Duration pulsarStartTimeout = Duration.ofSeconds(120);
        private Duration serviceStartTimeout = Duration.ofSeconds(180);

        private Builder() {
        }

        /** Where {@code <module>/target/<module>.jar} are; default {@link LocalStack#findProjectRoot()}. */
        public Builder projectRoot(Path projectRoot) {
            this.projectRoot = projectRoot;
            return this;
        }

        /** Default {@code <projectRoot>/.local-stack}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Delete broker and database data before starting (the unpacked distribution and logs are kept). */
        public Builder wipe(boolean wipe) {
            this.wipe = wipe;
            return this;
        }

        public Builder pulsarPort(int port) {
            this.pulsarPort = port;
            return this;
        }

        public Builder pulsarHttpPort(int port) {
            this.pulsarHttpPort = port;
            return this;
        }

        /** Port of the embedded PostgreSQL. */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** Use this server instead of starting one; e.g. {@code jdbc:postgresql://localhost:5432}. */
        public Builder externalPostgres(String jdbcBaseUrl, String user, String password) {
            this.externalJdbcUrl = jdbcBaseUrl;
            this.externalUser = user;
            this.externalPassword = password;
            return this;
        }

        /** JVM options of every service; default {@code -Xmx384m -XX:+UseSerialGC}. */
        public Builder jvmOpts(List<String> jvmOpts) {
            this.jvmOpts = List.copyOf(jvmOpts);
            return this;
        }

        /** JVM options as one string, split on whitespace. */
        public Builder jvmOpts(String jvmOpts) {
            return jvmOpts(jvmOpts.isBlank() ? List.of() : Arrays.asList(jvmOpts.trim().split("\\s+")));
        }

        /** Start only these services (default all four); none at all for a broker + database only stack. */
        public Builder services(String... modules) {
            for (String module : modules) {
                if (!SERVICES.contains(module)) {
                    throw new IllegalArgumentException("Unknown service: " + module + " (known: " + SERVICES + ")");
                }
            }
            this.services = new LinkedHashSet<>(Arrays.asList(modules));
            return this;
        }

        /** Only Pulsar and PostgreSQL. */
        public Builder noServices() {
            return services();
        }

        public Builder servicePort(String module, int port) {
            servicePorts.put(module, port);
            return this;
        }

        /** An extra environment variable for every service (overrides the defaults). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** An extra environment variable for one service. */
        public Builder env(String module, String name, String value) {
            moduleEnv.computeIfAbsent(module, m -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** Create these databases too (lower-case names). */
        public Builder extraDatabases(String... names) {
            databases.addAll(Arrays.asList(names));
            return this;
        }

        public Builder pulsarStartTimeout(Duration timeout) {
            this.pulsarStartTimeout = timeout;
            return this;
        }

        public Builder serviceStartTimeout(Duration timeout) {
            this.serviceStartTimeout = timeout;
            return this;
        }

        public LocalStack build() {
            Builder copy = copy();
            if (copy.projectRoot == null) {
                copy.projectRoot = findProjectRoot();
            }
            copy.projectRoot = copy.projectRoot.toAbsolutePath().normalize();
            if (copy.dataDir == null) {
                copy.dataDir = copy.projectRoot.resolve(".local-stack");
            }
            return new LocalStack(copy);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.projectRoot = projectRoot;
            b.dataDir = dataDir;
            b.wipe = wipe;
            b.pulsarPort = pulsarPort;
            b.pulsarHttpPort = pulsarHttpPort;
            b.postgresPort = postgresPort;
            b.externalJdbcUrl = externalJdbcUrl;
            b.externalUser = externalUser;
            b.externalPassword = externalPassword;
            b.jvmOpts = jvmOpts;
            b.services = new LinkedHashSet<>(services);
            b.servicePorts.putAll(servicePorts);
            b.env.putAll(env);
            moduleEnv.forEach((m, e) -> b.moduleEnv.put(m, new LinkedHashMap<>(e)));
            b.databases.clear();
            b.databases.addAll(databases);
            b.pulsarStartTimeout = pulsarStartTimeout;
            b.serviceStartTimeout = serviceStartTimeout;
            return b;
        }
    }

}
