package dev.ordersaga.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places three orders through the BFF, one for each saga outcome, waits for each to finish and prints its saga log.
 * Seeded data: SKUs A (1000), B (500), C (10); customers alice (10000.00), bob (50.00).
 */
public final class Demo {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "COMPENSATED", "FAILED");
    private static final Duration POLL_EVERY = Duration.ofMillis(200);
    private static final Duration POLL_FOR = Duration.ofSeconds(60);

    record Scenario(String title, String customerId, String sku, int qty, int amount, String expected) {
        String body() {
            return "{\"customerId\":" + Json.quote(customerId) + ",\"items\":[{\"sku\":" + Json.quote(sku)
                    + ",\"qty\":" + qty + "}],\"amount\":" + amount + "}";
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("alice buys 1 x A for 100", "alice", "A", 1, 100, "COMPLETED"),
            new Scenario("alice buys 5000 x A (only 1000 in stock)", "alice", "A", 5000, 100, "REJECTED"),
            new Scenario("bob buys 1 x B for 100 (balance 50: payment fails, stock released)", "bob", "B", 1, 100,
                    "COMPENSATED"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bffUrl;

    private Demo(String bffUrl) {
        this.bffUrl = bffUrl;
    }

    /** Runs the three scenarios against the BFF; returns true when every order ended as expected. */
    public static boolean run(String bffUrl) {
        return new Demo(bffUrl).runAll();
    }

    public static void main(String[] args) {
        boolean ok = run(args.length > 0 ? args[0] : "http://localhost:8081");
        System.exit(ok ? 0 : 1);
    }

    private boolean runAll() {
        System.out.println("Demo: three orders through " + bffUrl + "/saga/orders");
        List<String> orderIds = new ArrayList<>();
        for (Scenario scenario : SCENARIOS) {
            orderIds.add(place(scenario));
        }
        int asExpected = 0;
        for (int i = 0; i < SCENARIOS.size(); i++) {
            Scenario scenario = SCENARIOS.get(i);
            System.out.printf("%n[%d/%d] %s -> expect %s%n", i + 1, SCENARIOS.size(), scenario.title(), scenario.expected());
            String orderId = orderIds.get(i);
            if (orderId == null) {
                continue;
            }
            Map<String, Object> order = awaitTerminal(orderId);
            String status = order == null ? "(no answer)" : String.valueOf(order.get("status"));
            boolean ok = scenario.expected().equals(status);
            asExpected += ok ? 1 : 0;
            System.out.printf("  orderId %s  final status %s  %s%n", orderId, status,
                    ok ? "as expected" : "UNEXPECTED (expected " + scenario.expected() + ")");
            if (order != null) {
                System.out.print(sagaLogTable(order.get("log")));
            }
        }
        System.out.printf("%nDemo: %d of %d orders ended as expected%n%n", asExpected, SCENARIOS.size());
        return asExpected == SCENARIOS.size();
    }

    /** POST /saga/orders; the new order id, or null (printed) on failure. */
    private String place(Scenario scenario) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bffUrl + "/saga/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(scenario.body()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                System.out.printf("  POST %s -> HTTP %d %s%n", scenario.body(), response.statusCode(), Json.abbreviate(response.body()));
                return null;
            }
            Object id = Json.parseObject(response.body()).get("orderId");
            if (id == null) {
                System.out.printf("  POST %s -> no orderId in %s%n", scenario.body(), Json.abbreviate(response.body()));
                return null;
            }
            return id.toString();
        } catch (IOException | RuntimeException e) {
            System.out.printf("  POST %s failed: %s%n", scenario.body(), e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }

    /** Polls GET /saga/orders/{id} until the status is terminal; the last answer (possibly not terminal) or null. */
    private Map<String, Object> awaitTerminal(String orderId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bffUrl + "/saga/orders/" + orderId))
                .timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + POLL_FOR.toNanos();
        Map<String, Object> last = null;
        String lastProblem = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    last = Json.parseObject(response.body());
                    if (TERMINAL.contains(String.valueOf(last.get("status")))) {
                        return last;
                    }
                } else {
                    lastProblem = "HTTP " + response.statusCode() + " " + Json.abbreviate(response.body());
                }
                Thread.sleep(POLL_EVERY.toMillis());
            } catch (IOException | RuntimeException e) {
                lastProblem = e.toString();
                sleepQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted", e);
            }
        }
        System.out.printf("  not finished after %s%s%n", Log.seconds(POLL_FOR),
                lastProblem == null ? "" : " (last problem: " + lastProblem + ")");
        return last;
    }

    /** The saga log as a small table: step, type, status, ts, error. */
    static String sagaLogTable(Object log) {
        if (!(log instanceof List<?> entries) || entries.isEmpty()) {
            return "  (empty saga log)\n";
        }
        String[] columns = {"step", "type", "status", "ts", "error"};
        List<String[]> rows = new ArrayList<>();
        rows.add(columns);
        for (Object entry : entries) {
            Map<?, ?> map = entry instanceof Map<?, ?> m ? m : Map.of();
            String[] row = new String[columns.length];
            for (int c = 0; c < columns.length; c++) {
                Object value = map.get(columns[c]);
                row[c] = value == null ? "" : value.toString();
            }
            rows.add(row);
        }
        int[] widths = new int[columns.length];
        for (String[] row : rows) {
            for (int c = 0; c < columns.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("    ");
            for (int c = 0; c < columns.length; c++) {
                line.append(String.format("%-" + (widths[c] + 2) + "s", row[c]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
