package dev.ordersaga.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database's limit: a JDBC loop of {@code clients} threads, each repeating a transaction shaped like one saga
 * step (INSERT a business row, INSERT an outbox row with a real encoded product event, COMMIT) for a fixed duration,
 * against the product's own outbox table (with its NOTIFY trigger) on the bench PostgreSQL (fsync on, as
 * configured by the local stack). Latency is commit-inclusive, per transaction.
 */
final class DatabaseLimit {

    private final Db db;

    DatabaseLimit(Db db) {
        this.db = db;
    }

    record Result(int clients, int seconds, long transactions, double txPerSecond, Latency latency) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tool", "JDBC loop: INSERT business row + INSERT outbox row + COMMIT");
            json.put("clients", clients);
            json.put("duration_s", seconds);
            json.put("transactions", transactions);
            json.put("tx_per_s", txPerSecond);
            json.put("latency", latency.toJson());
            return json;
        }
    }

    Result measure(int clients, int seconds, byte[] payload) throws InterruptedException {
        Console.say("database: %d clients × (INSERT row, INSERT outbox row, COMMIT) for %d s", clients, seconds);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Worker worker = new Worker(payload, measuring, stop);
            workers.add(worker);
            worker.thread.start();
        }
        Thread.sleep(1000); // warm-up: connections open, plans cached
        long t0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        long count = 0;
        List<long[]> samples = new ArrayList<>();
        for (Worker worker : workers) {
            worker.thread.join();
            if (worker.failure != null) {
                throw new IllegalStateException("database limit: " + worker.failure.getMessage(), worker.failure);
            }
            count += worker.count;
            samples.add(worker.micros());
        }
        long[] all = samples.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        Result result = new Result(clients, seconds, count, count / (elapsed / 1e9), Latency.ofMicros(all));
        Console.say("database: %.0f tx/s (p99 %.1f ms)", result.txPerSecond(), result.latency().p99());
        return result;
    }

    private final class Worker {
        final Thread thread = new Thread(this::run, "db-limit");
        final byte[] payload;
        final AtomicBoolean measuring;
        final AtomicBoolean stop;
        long count;
        long[] micros = new long[1 << 16];
        volatile Exception failure;

        Worker(byte[] payload, AtomicBoolean measuring, AtomicBoolean stop) {
            this.payload = payload;
            this.measuring = measuring;
            this.stop = stop;
        }

        long[] micros() {
            return java.util.Arrays.copyOf(micros, (int) Math.min(count, micros.length));
        }

        void run() {
            try (Connection c = db.connect();
                    PreparedStatement business = c.prepareStatement(
                            "INSERT INTO bench_orders (order_id, customer_id, status, amount) VALUES (?, ?, 'PENDING', ?)");
                    PreparedStatement outbox = c.prepareStatement("""
                            INSERT INTO outbox (aggregate_id, event_id, event_type, topic, payload)
                            VALUES (?, ?, 'ReserveStock', 'inventory.commands', ?)""")) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    UUID orderId = UUID.randomUUID();
                    business.setObject(1, orderId);
                    business.setString(2, "bench");
                    business.setLong(3, 100);
                    business.executeUpdate();
                    outbox.setString(1, orderId.toString());
                    outbox.setObject(2, UUID.randomUUID());
                    outbox.setBytes(3, payload);
                    outbox.executeUpdate();
                    c.commit();
                    if (measuring.get()) {
                        if (count == micros.length) {
                            micros = java.util.Arrays.copyOf(micros, micros.length * 2);
                        }
                        micros[(int) count++] = (System.nanoTime() - t0) / 1000;
                    }
                }
            }
            catch (SQLException e) {
                failure = e;
            }
        }
    }
}
