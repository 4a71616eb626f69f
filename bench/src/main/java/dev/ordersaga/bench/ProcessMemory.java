package dev.ordersaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Peak resident memory of a process tree from Linux's /proc/&lt;pid&gt;/status {@code VmHWM}. {@link #resetPeak}
 * writes 5 to /proc/&lt;pid&gt;/clear_refs, which restarts the peak from the current resident size (so a phase's peak
 * is its own).
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Root and all its descendants. */
    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        root.ifPresent(p -> {
            pids.add(p.pid());
            p.descendants().forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    static void resetPeak(List<Long> pids) {
        for (long pid : pids) {
            try {
                Files.writeString(Path.of("/proc", String.valueOf(pid), "clear_refs"), "5");
            }
            catch (IOException | RuntimeException ignored) {
                // not Linux, or not ours: the peak then covers the whole run
            }
        }
    }

    /** Largest VmHWM in the tree, in MiB (the JVM under a wrapper script), or -1 if unknown. */
    static double maxPeakMiB(List<Long> pids) {
        return pids.stream().mapToLong(ProcessMemory::vmHwmKiB).max().orElse(-1) / 1024.0;
    }

    /** Sum of VmHWM over the tree, in MiB (PostgreSQL: postmaster and backends; shared buffers count in each). */
    static double sumPeakMiB(List<Long> pids) {
        return pids.stream().mapToLong(ProcessMemory::vmHwmKiB).filter(v -> v > 0).sum() / 1024.0;
    }

    static long vmHwmKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (IOException | RuntimeException ignored) {
            // gone or not Linux
        }
        return -1;
    }
}
