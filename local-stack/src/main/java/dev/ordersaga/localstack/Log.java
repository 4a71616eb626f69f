package dev.ordersaga.localstack;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** One-line progress messages on stdout. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static void info(String format, Object... args) {
        System.out.println(LocalTime.now().format(TIME) + " [local-stack] " + String.format(format, args));
        System.out.flush();
    }

    static void warn(String format, Object... args) {
        info("WARN " + format, args);
    }

    /** "12.3 s" since the given System.nanoTime(). */
    static String since(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
