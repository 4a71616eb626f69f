package dev.ordersaga.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Fixed-rate arrivals: the i-th arrival is due at start + i / rate, and is handed to {@code arrival} at that time
 * whether or not earlier ones have finished (an arrival never waits for the one before it; one that is late because
 * the machine stalled is dispatched at once, so the offered count stays rate × duration).
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /** @return the number of arrivals dispatched */
    static int run(double perSecond, int seconds, IntConsumer arrival) {
        int total = (int) Math.round(perSecond * seconds);
        double periodNanos = 1e9 / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * periodNanos);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            arrival.accept(i);
        }
        return total;
    }
}
