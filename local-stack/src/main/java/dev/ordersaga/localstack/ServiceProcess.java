package dev.ordersaga.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Spring Boot service run as {@code java <jvmOpts> -jar <module>.jar}, configured through environment variables. */
final class ServiceProcess {

    private final String module;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmOpts;
    private final Path logFile;
    private final Path pidFile;
    private volatile Process process;
    private volatile long logOffset; // size of the log before this run
    /** Settings on top of {@code env} for the next launches (see {@link LocalStack#start(String, Map)}). */
    private volatile Map<String, String> envOverrides = Map.of();

    ServiceProcess(String module, Path jar, int port, Map<String, String> env, List<String> jvmOpts, Path logDir, Path runDir) {
        this.module = module;
        this.jar = jar;
        this.port = port;
        this.env = new LinkedHashMap<>(env);
        this.jvmOpts = List.copyOf(jvmOpts);
        this.logFile = logDir.resolve(module + ".log");
        this.pidFile = runDir.resolve(module + ".pid");
    }

    String module() {
        return module;
    }

    Path jar() {
        return jar;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://localhost:" + port;
    }

    Path logFile() {
        return logFile;
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Stops a copy of this service left running by a launcher that was killed (see run/<module>.pid). */
    void stopLeftover() {
        Processes.stopLeftover(pidFile, jar.toString(), module);
    }

    void overrideEnv(Map<String, String> overrides) {
        envOverrides = Map.copyOf(overrides);
    }

    /** Launches the JVM; does not wait (see {@link #awaitHealthy}). */
    synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException(module + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException(module + " jar not found: " + jar + ". Build first: ./mvnw -DskipTests package");
        }
        stopLeftover();
        Processes.requireFreePort(port, module);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile.getParent());
            logOffset = Processes.sizeOf(logFile);
            Files.writeString(logFile, "\n===== local-stack: starting " + module + " at " + OffsetDateTime.now() + " =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(Processes.detached(command))
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            pb.environment().putAll(envOverrides);
            Process started = pb.start();
            process = started;
            Processes.writePid(pidFile, started.pid());
            started.onExit().thenAccept(p -> {
                if (p == process) { // not stopped or killed by us
                    Log.warn("%s (pid %d) exited unexpectedly with code %d, see %s", module, p.pid(), p.exitValue(), logFile);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + module, e);
        }
    }

    /** Waits for /actuator/health to report UP; on failure the message quotes the end of the log. */
    void awaitHealthy(Duration timeout, long startNanos) {
        Process p = process;
        if (p == null) {
            throw new LocalStackException(module + " is not running");
        }
        Health.Outcome outcome;
        try {
            outcome = Health.await(URI.create(url() + "/actuator/health"), Health.STATUS_UP, timeout, p::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for " + module, e);
        }
        switch (outcome) {
            case HEALTHY -> Log.info("%-18s ready at %s in %s (pid %d)", module, url(), Log.since(startNanos), p.pid());
            case PROCESS_EXITED -> throw new LocalStackException(module + " exited during startup (code "
                    + p.exitValue() + "). Last lines of " + logFile + ":\n" + Processes.tail(logFile, 40, logOffset));
            default -> throw new LocalStackException(module + " was not healthy (" + url() + "/actuator/health) within "
                    + Log.seconds(timeout) + ". Last lines of " + logFile + ":\n" + Processes.tail(logFile, 40, logOffset));
        }
    }

    /** SIGTERM (graceful shutdown), SIGKILL after 30 s. */
    synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        long t0 = System.nanoTime();
        boolean wasAlive = p.isAlive();
        Processes.stop(p.toHandle(), Duration.ofSeconds(30));
        Processes.deletePid(pidFile);
        if (wasAlive) {
            Log.info("%s stopped in %s", module, Log.since(t0));
        }
    }

    /** SIGKILL, no shutdown hooks: simulates a crash. */
    synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        Processes.kill(p.toHandle());
        Processes.deletePid(pidFile);
        Log.info("%s killed (SIGKILL, pid %d)", module, p.pid());
    }
}
