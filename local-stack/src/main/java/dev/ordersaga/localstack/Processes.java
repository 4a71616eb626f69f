package dev.ordersaga.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small helpers around child processes, pid files, ports and log files. */
final class Processes {

    private static final Path SETSID = Paths.get("/usr/bin/setsid");

    private Processes() {
    }

    /**
     * Runs the command in its own session (via setsid, when available) so that a Ctrl-C in the terminal reaches only
     * the launcher, which then stops the children in order. setsid execs in place, so the pid stays the command's.
     */
    static List<String> detached(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> result = new ArrayList<>();
        result.add(SETSID.toString());
        result.addAll(command);
        return result;
    }

    /** SIGTERM, then SIGKILL if the process is still alive after the grace period. Waits for the exit. */
    static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more we can do
            }
        }
    }

    /** SIGKILL and wait for the exit. */
    static void kill(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // nothing more we can do
        }
    }

    static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deletePid(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // harmless
        }
    }

    /**
     * Stops a process left behind by an earlier launcher that was killed without cleaning up (its pid is in the first
     * line of pidFile and its command line contains marker).
     */
    static void stopLeftover(Path pidFile, String marker, String what) {
        leftover(pidFile, marker).ifPresent(process -> {
            Log.warn("stopping %s left over from a previous run (pid %d)", what, process.pid());
            stop(process, Duration.ofSeconds(30));
        });
        if (!pidFile.getFileName().toString().equals("postmaster.pid")) {
            deletePid(pidFile);
        }
    }

    static Optional<ProcessHandle> leftover(Path pidFile, String marker) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(pidFile)) {
            long pid = Long.parseLong(lines.findFirst().orElse("").trim());
            return ProcessHandle.of(pid)
                    .filter(p -> p.isAlive() && p.pid() != ProcessHandle.current().pid())
                    .filter(p -> p.info().commandLine().orElse(p.info().command().orElse("")).contains(marker));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    static void requireFreePort(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        } catch (IOException e) {
            throw new LocalStackException("Port " + port + " needed by " + what + " is already in use. "
                    + "Stop whatever is listening there (e.g. `ss -ltnp | grep :" + port + "`) or choose another port (bin/local-stack --help lists the port flags).");
        }
    }

    /** The last lines of a (possibly large) text file, or a note if it cannot be read. */
    static String tail(Path file, int lines) {
        return tail(file, lines, 0);
    }

    /** The last lines written after byte offset {@code fromOffset} (e.g. the size of the log when the process started). */
    static String tail(Path file, int lines, long fromOffset) {
        if (!Files.isRegularFile(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int chunk = (int) Math.min(length - Math.min(fromOffset, length), 64 * 1024);
            byte[] bytes = new byte[chunk];
            raf.seek(length - chunk);
            raf.readFully(bytes);
            if (chunk == 0) {
                return "    (nothing logged)\n";
            }
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(0, all.length - lines);
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < all.length; i++) {
                sb.append("    | ").append(all[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
