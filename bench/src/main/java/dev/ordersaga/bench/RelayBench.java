package dev.ordersaga.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pulsar.client.api.PulsarClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.outbox.OutboxRelay;

/**
 * The product's {@link OutboxRelay}, constructed as its auto-configuration does (HikariCP data source, a
 * transaction template, a Pulsar client), against the product's outbox table in a database of its own, offered rows
 * at fixed rates by open-loop writers (each row: INSERT business row + INSERT outbox row + COMMIT, like a saga step),
 * then a backlog at once (saturation).
 *
 * <p>Measured per row: commit-to-acknowledgement = (when the broker's acknowledgement reached the relay's producer,
 * see {@link AckClock}) − (when the writer's {@code COMMIT} returned), both on this JVM's {@code System.nanoTime()}.
 * It includes the NOTIFY wake-up (or the poll wait), the claim query, the send, the broker's persistence and the
 * acknowledgement; not the relay's final "mark SENT" commit.
 */
final class RelayBench {

    private static final int WRITERS = 16;

    private final Db db;
    private final PulsarClient pulsar;
    private final byte[] payload = MessageSchemas.encode(ProductEvents.reserveStock(UUID.randomUUID().toString(), "BENCH-00"));

    RelayBench(Db db, PulsarClient pulsar) {
        this.db = db;
        this.pulsar = pulsar;
    }

    record Step(String label, double offeredPerSecond, int seconds, int rows, double committedPerSecond,
            double ackedPerSecond, Latency commitToAck, int unacknowledged, boolean sustained) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("step", label);
            json.put("offered_rows_per_s", offeredPerSecond);
            json.put("duration_s", seconds);
            json.put("rows", rows);
            json.put("committed_rows_per_s", committedPerSecond);
            json.put("acknowledged_rows_per_s", ackedPerSecond);
            json.put("commit_to_ack", commitToAck.toJson());
            json.put("unacknowledged", unacknowledged);
            json.put("sustained", sustained);
            return json;
        }
    }

    record ModeResult(String mode, String settings, List<Step> steps, Step saturation) {
        /** The highest fixed rate whose rows were all committed on time and acknowledged promptly. */
        double maxSustainedRate() {
            return steps.stream().filter(Step::sustained).mapToDouble(Step::committedPerSecond).max().orElse(0);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("settings", settings);
            json.put("fixed_rates", steps.stream().map(Step::toJson).toList());
            json.put("saturation", saturation.toJson());
            json.put("max_sustained_rows_per_s", maxSustainedRate());
            json.put("peak_rows_per_s", saturation.ackedPerSecond());
            return json;
        }
    }

    static MessagingProperties.Relay productDefaults() {
        return new MessagingProperties.Relay();
    }

    /** The original prototype's relay: no LISTEN/NOTIFY, a poll every 3 s, 10 rows per batch. */
    static MessagingProperties.Relay prototypeBaseline() {
        MessagingProperties.Relay relay = new MessagingProperties.Relay();
        relay.setListenNotify(false);
        relay.setPollInterval(Duration.ofSeconds(3));
        relay.setBatchSize(10);
        relay.setDrainBacklog(false);
        return relay;
    }

    ModeResult run(String mode, MessagingProperties.Relay settings, int[] rates, int seconds, int backlogRows)
            throws Exception {
        String describe = "batch-size " + settings.getBatchSize() + ", poll-interval " + settings.getPollInterval().toMillis()
                + " ms, listen-notify " + settings.isListenNotify();
        Console.say("relay (%s: %s)", mode, describe);
        AckClock clock = new AckClock("public/bench");
        try (HikariDataSource relayPool = pool("bench-relay", 4);
                Writers writers = new Writers()) {
            OutboxRelay relay = new OutboxRelay(relayPool, new TransactionTemplate(new DataSourceTransactionManager(relayPool)),
                    clock.wrap(pulsar), settings, "bench-" + mode);
            relay.start();
            try {
                long grace = settings.getPollInterval().toNanos() + TimeUnit.SECONDS.toNanos(1);
                // producers connect, schemas register, JIT warms (at no more than the mode's first rate: the baseline's is 2/s)
                offer(writers, clock, "warm-up", Math.min(50, rates[0]), 2, grace);
                List<Step> steps = new ArrayList<>();
                for (int rate : rates) {
                    Step step = offer(writers, clock, rate + "/s", rate, seconds, grace);
                    steps.add(step);
                    Console.say("relay (%s) %5d rows/s offered: committed %.0f/s, acked %.0f/s, commit→ack %s ms%s", mode,
                            rate, step.committedPerSecond(), step.ackedPerSecond(), step.commitToAck().describe(),
                            step.sustained() ? "" : "  (not sustained)");
                }
                Step saturation = backlog(clock, backlogRows);
                Console.say("relay (%s) saturation: %d rows committed at once drained at %.0f rows/s", mode, backlogRows,
                        saturation.ackedPerSecond());
                return new ModeResult(mode, describe, steps, saturation);
            }
            finally {
                relay.stop();
            }
        }
    }

    /** Open-loop writers at {@code rate} rows/s for {@code seconds}; waits for the acknowledgements. */
    private Step offer(Writers writers, AckClock clock, String label, double rate, int seconds, long graceNanos)
            throws InterruptedException {
        int total = (int) Math.round(rate * seconds);
        String[] eventIds = new String[total];
        long[] commitNanos = new long[total];
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger(); // its increments publish the writers' array entries
        long start = System.nanoTime();
        OpenLoop.run(rate, seconds, i -> writers.pool.execute(() -> {
            String eventId = UUID.randomUUID().toString();
            try {
                writers.write(eventId, payload);
                commitNanos[i] = System.nanoTime();
                eventIds[i] = eventId;
            }
            catch (SQLException e) {
                failures.incrementAndGet();
            }
            finally {
                done.incrementAndGet();
            }
        }));
        while (done.get() < total) {
            Thread.sleep(2);
        }
        long lastCommit = 0;
        for (long c : commitNanos) {
            lastCommit = Math.max(lastCommit, c);
        }
        long offerSeconds = lastCommit - start;
        long deadline = lastCommit + graceNanos + TimeUnit.SECONDS.toNanos(4);
        Progress progress = new Progress(clock, eventIds);
        while (System.nanoTime() < deadline && !progress.allAcknowledged()) {
            Thread.sleep(20);
        }
        List<Long> samples = new ArrayList<>();
        long lastAck = 0;
        for (int i = 0; i < total; i++) {
            Long ack = eventIds[i] == null ? null : clock.ackNanos(eventIds[i]);
            if (ack != null) {
                samples.add((ack - commitNanos[i]) / 1000);
                lastAck = Math.max(lastAck, ack);
            }
        }
        int unacked = total - samples.size();
        double committedPerSecond = (total - failures.get()) / (offerSeconds / 1e9);
        double ackedPerSecond = samples.size() / ((lastAck - start) / 1e9);
        boolean sustained = unacked == 0 && failures.get() == 0 && committedPerSecond >= 0.95 * rate
                && lastAck - lastCommit <= graceNanos;
        return new Step(label, rate, seconds, total, committedPerSecond, ackedPerSecond,
                Latency.ofMicros(samples.stream().mapToLong(Long::longValue).toArray()), unacked, sustained);
    }

    /** Saturation: {@code rows} outbox rows committed in one transaction; how fast the relay drains them. */
    private Step backlog(AckClock clock, int rows) throws SQLException, InterruptedException {
        String[] eventIds = new String[rows];
        long commit;
        try (Connection c = db.connect();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO outbox (aggregate_id, event_id, event_type, topic, payload)
                        VALUES (?, ?, 'ReserveStock', 'inventory.commands', ?)""")) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                eventIds[i] = UUID.randomUUID().toString();
                insert.setString(1, UUID.randomUUID().toString());
                insert.setObject(2, UUID.fromString(eventIds[i]));
                insert.setBytes(3, payload);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
            commit = System.nanoTime();
        }
        long deadline = commit + TimeUnit.SECONDS.toNanos(180);
        Progress progress = new Progress(clock, eventIds);
        while (System.nanoTime() < deadline && !progress.allAcknowledged()) {
            Thread.sleep(20);
        }
        long[] samples = new long[rows];
        int n = 0;
        long lastAck = commit;
        for (String id : eventIds) {
            Long ack = clock.ackNanos(id);
            if (ack != null) {
                samples[n++] = (ack - commit) / 1000;
                lastAck = Math.max(lastAck, ack);
            }
        }
        return new Step("backlog of " + rows, Double.NaN, 0, rows, Double.NaN, n / ((lastAck - commit) / 1e9),
                Latency.ofMicros(java.util.Arrays.copyOf(samples, n)), rows - n, n == rows);
    }

    /**
     * Whether every row is acknowledged, checked incrementally (rows are acknowledged roughly in order), so that
     * waiting for 20,000 rows costs the bench next to no CPU beside the relay it measures.
     */
    private static final class Progress {
        private final AckClock clock;
        private final String[] eventIds;
        private int next;

        Progress(AckClock clock, String[] eventIds) {
            this.clock = clock;
            this.eventIds = eventIds;
        }

        boolean allAcknowledged() {
            while (next < eventIds.length && eventIds[next] != null && clock.ackNanos(eventIds[next]) != null) {
                next++;
            }
            return next == eventIds.length;
        }
    }

    private HikariDataSource pool(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** The writers: a fixed pool of threads, each with its own connection, one transaction per row. */
    private final class Writers implements AutoCloseable {
        final ExecutorService pool = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread t = new Thread(r, "relay-bench-writer");
            t.setDaemon(true);
            return t;
        });
        private final ThreadLocal<Statements> statements = new ThreadLocal<>();
        private final List<Statements> all = java.util.Collections.synchronizedList(new ArrayList<>());

        void write(String eventId, byte[] payload) throws SQLException {
            Statements s = statements.get();
            if (s == null) {
                s = new Statements(db.connect());
                statements.set(s);
                all.add(s);
            }
            String orderId = UUID.randomUUID().toString();
            s.business.setObject(1, UUID.fromString(orderId));
            s.business.executeUpdate();
            s.outbox.setString(1, orderId);
            s.outbox.setObject(2, UUID.fromString(eventId));
            s.outbox.setBytes(3, payload);
            s.outbox.executeUpdate();
            s.connection.commit();
        }

        @Override
        public void close() {
            pool.shutdownNow();
            synchronized (all) {
                for (Statements s : all) {
                    try {
                        s.connection.close();
                    }
                    catch (SQLException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    private static final class Statements {
        final Connection connection;
        final PreparedStatement business;
        final PreparedStatement outbox;

        Statements(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.business = connection.prepareStatement(
                    "INSERT INTO bench_orders (order_id, customer_id, status, amount) VALUES (?, 'bench', 'PENDING', 100)");
            this.outbox = connection.prepareStatement("""
                    INSERT INTO outbox (aggregate_id, event_id, event_type, topic, payload)
                    VALUES (?, ?, 'ReserveStock', 'inventory.commands', ?)""");
        }
    }
}
