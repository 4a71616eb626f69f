package dev.ordersaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end: {@code POST /saga/orders} through the BFF at fixed arrival rates (open loop: requests go out on
 * schedule from an async HTTP client, never waiting for earlier answers), then at an arrival rate above what the
 * stack can do (saturation). The mix, by arrival number: 8 in 10 complete (a bench SKU with ample stock, a customer
 * with ample balance), 1 in 10 is rejected (a SKU with no stock: StockRejected), 1 in 10 is compensated (a customer
 * with no balance: PaymentDeclined, then ReleaseStock). The bench's products and customers are inserted by SQL, like
 * the system tests' TestData.
 *
 * <p>Placement-to-terminal latency is read from the order_saga database: {@code orders.updated_at − created_at} of
 * each order in a terminal state, both set by the order-saga service's clock ({@code created_at} when it places the
 * order, before its commit; {@code updated_at} when it applies the reply that ends the saga). It leaves out the
 * BFF hop and the HTTP answer, which are reported separately as the placement (POST → 202) latency seen by the client.
 */
final class E2eBench {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "COMPENSATED", "COMPENSATION_FAILED");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int SKUS = 20;
    private static final String OUT_OF_STOCK = "BENCH-NONE";
    private static final String BROKE = "bench-broke";

    private final String bffUrl;
    private final Db orderDb;
    private final Db inventoryDb;
    private final Db paymentDb;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "e2e-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(httpThreads).build();
    private final AtomicInteger arrivals = new AtomicInteger();

    E2eBench(String bffUrl, Db orderDb, Db inventoryDb, Db paymentDb) {
        this.bffUrl = bffUrl;
        this.orderDb = orderDb;
        this.inventoryDb = inventoryDb;
        this.paymentDb = paymentDb;
    }

    enum Kind { COMPLETE, REJECT, COMPENSATE }

    record Step(String label, double offeredPerSecond, int seconds, int placed, int httpErrors, int unfinished,
            Map<String, Integer> outcomes, int unexpectedOutcomes, double sagasPerSecond, Latency placementToTerminal,
            Latency post, boolean saturation, boolean sustained) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("step", label);
            json.put("offered_sagas_per_s", offeredPerSecond);
            json.put("duration_s", seconds);
            json.put("orders_sent", placed);
            json.put("http_errors", httpErrors);
            json.put("unfinished_at_end", unfinished);
            json.put("outcomes", outcomes);
            json.put("unexpected_outcomes", unexpectedOutcomes);
            json.put("sagas_completed_per_s", sagasPerSecond);
            json.put("placement_to_terminal", placementToTerminal.toJson());
            json.put("post_to_202", post.toJson());
            json.put("saturation", saturation);
            json.put("sustained", sustained);
            return json;
        }
    }

    /** Bench products and customers: ample ones for the orders that complete, an empty SKU and an empty account. */
    void createData() throws SQLException {
        try (Connection c = inventoryDb.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < SKUS; i++) {
                s.addBatch("INSERT INTO products (sku, name, on_hand, reserved) VALUES ('" + sku(i)
                        + "', 'bench product', 100000000, 0)");
            }
            s.addBatch("INSERT INTO products (sku, name, on_hand, reserved) VALUES ('" + OUT_OF_STOCK
                    + "', 'bench product, none left', 0, 0)");
            s.executeBatch();
        }
        try (Connection c = paymentDb.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < SKUS; i++) {
                s.addBatch("INSERT INTO accounts (customer_id, name, balance_cents) VALUES ('" + customer(i)
                        + "', 'Bench Customer', 1000000000000)");
            }
            s.addBatch("INSERT INTO accounts (customer_id, name, balance_cents) VALUES ('" + BROKE + "', 'Bench Broke', 0)");
            s.executeBatch();
        }
    }

    private static String sku(int i) {
        return String.format("BENCH-%02d", i);
    }

    private static String customer(int i) {
        return String.format("bench-%02d", i);
    }

    static Kind kindOf(int arrival) {
        return switch (arrival % 10) {
            case 8 -> Kind.REJECT;
            case 9 -> Kind.COMPENSATE;
            default -> Kind.COMPLETE;
        };
    }

    private static String expected(Kind kind) {
        return switch (kind) {
            case COMPLETE -> "COMPLETED";
            case REJECT -> "REJECTED";
            case COMPENSATE -> "COMPENSATED";
        };
    }

    /**
     * One fixed-rate step, then waits (up to {@code drainSeconds}) for its orders to end. At saturation it waits
     * {@code drainSeconds} and counts what ended: the orders still running are reported, not waited for.
     */
    Step run(double rate, int seconds, int drainSeconds, boolean saturation) throws Exception {
        return run(saturation ? "saturation (" + (int) rate + "/s offered)" : (int) rate + "/s", rate, seconds,
                drainSeconds, saturation);
    }

    Step run(String label, double rate, int seconds, int drainSeconds, boolean saturation) throws Exception {
        int total = (int) Math.round(rate * seconds);
        String[] orderIds = new String[total];
        Kind[] kinds = new Kind[total];
        long[] postMicros = new long[total];
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        OpenLoop.run(rate, seconds, i -> {
            int n = arrivals.getAndIncrement();
            Kind kind = kindOf(n);
            kinds[i] = kind;
            int slot = n % SKUS;
            String body = String.format("{\"customerId\":\"%s\",\"items\":[{\"sku\":\"%s\",\"qty\":1}],\"amount\":1.00}",
                    kind == Kind.COMPENSATE ? BROKE : customer(slot), kind == Kind.REJECT ? OUT_OF_STOCK : sku(slot));
            HttpRequest request = HttpRequest.newBuilder(URI.create(bffUrl + "/saga/orders"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                try {
                    Matcher id = response == null ? null : ORDER_ID.matcher(response.body());
                    if (error == null && response.statusCode() == 202 && id.find()) {
                        postMicros[i] = (System.nanoTime() - sent) / 1000;
                        orderIds[i] = id.group(1);
                    }
                    else {
                        errors.incrementAndGet();
                        if (errorSamples.size() < 3) {
                            errorSamples.add(error != null ? error.toString() : response.statusCode() + " " + response.body());
                        }
                    }
                }
                finally {
                    answered.incrementAndGet();
                }
            });
        });
        long answersDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
        while (answered.get() < total && System.nanoTime() < answersDeadline) {
            Thread.sleep(10);
        }
        if (!errorSamples.isEmpty()) {
            Console.say("e2e: %d HTTP errors, e.g. %s", errors.get(), errorSamples);
        }
        List<UUID> ids = new ArrayList<>();
        List<Kind> idKinds = new ArrayList<>();
        long[] post = new long[total];
        int posted = 0;
        for (int i = 0; i < total; i++) {
            if (orderIds[i] != null) {
                ids.add(UUID.fromString(orderIds[i]));
                idKinds.add(kinds[i]);
                post[posted++] = postMicros[i];
            }
        }
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        Map<UUID, Row> rows;
        do {
            Thread.sleep(saturation ? 1000 : 250);
            rows = read(ids);
        } while (System.nanoTime() < drainDeadline && (saturation || terminal(rows) < ids.size()));

        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<Long> latencies = new ArrayList<>();
        int unexpected = 0;
        long firstCreated = Long.MAX_VALUE;
        long lastEnded = Long.MIN_VALUE;
        for (int i = 0; i < ids.size(); i++) {
            Row row = rows.get(ids.get(i));
            firstCreated = row == null ? firstCreated : Math.min(firstCreated, row.createdMicros());
            if (row == null || !TERMINAL.contains(row.status())) {
                continue;
            }
            outcomes.merge(row.status(), 1, Integer::sum);
            if (!row.status().equals(expected(idKinds.get(i)))) {
                unexpected++;
            }
            latencies.add(row.updatedMicros() - row.createdMicros());
            lastEnded = Math.max(lastEnded, row.updatedMicros());
        }
        int ended = latencies.size();
        double perSecond = ended == 0 ? 0 : ended / ((lastEnded - firstCreated) / 1e6);
        int unfinished = ids.size() - ended;
        boolean sustained = !saturation && errors.get() == 0 && unfinished == 0 && unexpected == 0
                && perSecond >= 0.9 * rate;
        Step step = new Step(label, rate, seconds,
                total, errors.get(), unfinished, outcomes, unexpected, perSecond,
                Latency.ofMicros(latencies.stream().mapToLong(Long::longValue).toArray()),
                Latency.ofMicros(java.util.Arrays.copyOf(post, posted)), saturation, sustained);
        Console.say("e2e %s: %d orders, %.1f sagas/s ended, placement→terminal %s ms, errors %d, unfinished %d%s",
                step.label(), total, perSecond, step.placementToTerminal().describe(), errors.get(), unfinished,
                saturation || sustained ? "" : "  (not sustained)");
        return step;
    }

    private record Row(String status, long createdMicros, long updatedMicros) {
    }

    private static int terminal(Map<UUID, Row> rows) {
        return (int) rows.values().stream().filter(r -> TERMINAL.contains(r.status())).count();
    }

    private Map<UUID, Row> read(List<UUID> ids) throws SQLException {
        Map<UUID, Row> rows = new java.util.HashMap<>();
        try (Connection c = orderDb.connect();
                PreparedStatement q = c.prepareStatement("""
                        SELECT order_id, status,
                               (extract(epoch FROM created_at) * 1000000)::bigint AS created_us,
                               (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_us
                          FROM orders WHERE order_id = ANY (?)""")) {
            Array array = c.createArrayOf("uuid", ids.toArray());
            q.setArray(1, array);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getObject(1, UUID.class), new Row(rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return rows;
    }

    void close() {
        httpThreads.shutdownNow();
    }
}
