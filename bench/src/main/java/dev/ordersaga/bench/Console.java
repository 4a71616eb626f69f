package dev.ordersaga.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines of the benchmark (stdout), so a reader sees which phase runs. */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Console() {
    }

    static void say(String format, Object... args) {
        System.out.println("[bench " + LocalTime.now().format(TIME) + "] " + String.format(format, args));
        System.out.flush();
    }
}
