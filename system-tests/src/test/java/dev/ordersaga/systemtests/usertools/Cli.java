package dev.ordersaga.systemtests.usertools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools a user runs (docker-compose, newman, npm, bin/pulsar-admin), as processes. */
final class Cli {

    private Cli() {
    }

    /** The executable of this name on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the command in the directory with these extra environment variables; stdout and stderr together. */
    static Result run(Path directory, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile("cli", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + timeout.toSeconds() + " s:\n" + Files.readString(output));
                }
                return new Result(String.join(" ", command), process.exitValue(), Files.readString(output));
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(Path directory, Duration timeout, String... command) {
        return run(directory, Map.of(), timeout, List.of(command));
    }

    /** A bash command line, as a user types it (pipes, quotes, comments), failing if any part of a pipe fails. */
    static Result bash(Path directory, Map<String, String> env, Duration timeout, String commandLine) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "set -o pipefail; " + commandLine));
        Result result = run(directory, env, timeout, command);
        return new Result(commandLine, result.exitCode(), result.output());
    }

    record Result(String command, int exitCode, String output) {
        @Override
        public String toString() {
            return command + " (exit " + exitCode + "):\n" + output;
        }
    }
}
