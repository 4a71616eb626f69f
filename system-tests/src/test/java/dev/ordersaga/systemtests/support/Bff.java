package dev.ordersaga.systemtests.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The public API, as a customer's client uses it. */
public final class Bff {

    public static final Set<String> TERMINAL = Set.of("COMPLETED", "REJECTED", "COMPENSATED");
    public static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);

    private Bff() {
    }

    public static URI orders() {
        return URI.create(SystemStack.get().bffUrl() + "/saga/orders");
    }

    public static URI order(String orderId) {
        return URI.create(orders() + "/" + orderId);
    }

    public static String orderJson(String customerId, BigDecimal amount, Line... lines) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("customerId", customerId);
        ArrayNode items = body.putArray("items");
        for (Line line : lines) {
            items.addObject().put("sku", line.sku()).put("qty", line.qty());
        }
        body.put("amount", amount);
        return body.toString();
    }

    public static Http.Response post(String json) {
        return Http.postJson(orders(), json);
    }

    /** POST /saga/orders with an Idempotency-Key, as a client that may send it again would. */
    public static HttpRequest postRequest(String json, String idempotencyKey) {
        return HttpRequest.newBuilder(orders()).timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    public static CompletableFuture<HttpResponse<String>> postAsync(String json) {
        return SystemStack.http().sendAsync(Http.postRequest(orders(), json), HttpResponse.BodyHandlers.ofString());
    }

    /** Places a valid order and checks the 202 answer; returns the order id. */
    public static Placed place(String customerId, BigDecimal amount, Line... lines) {
        Http.Response response = post(orderJson(customerId, amount, lines));
        assertThat(response.status()).as("%s", response).isEqualTo(202);
        JsonNode body = response.json();
        String orderId = body.path("orderId").asString();
        assertThat(orderId).as("orderId in %s", response).isNotBlank();
        assertThat(response.location()).as("Location of %s", response).isPresent();
        return new Placed(orderId, orders().resolve(response.location().orElseThrow()), body.path("status").asString());
    }

    public static Http.Response get(String orderId) {
        return Http.get(order(orderId));
    }

    public static JsonNode getOrder(String orderId) {
        Http.Response response = get(orderId);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    /** Polls the order until its status is terminal; returns the final view. */
    public static JsonNode awaitTerminal(String orderId) {
        return awaitTerminal(orderId, SAGA_TIMEOUT);
    }

    public static JsonNode awaitTerminal(String orderId, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("order " + orderId + " reaches a terminal status")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode order = getOrder(orderId);
                    last.set(order);
                    assertThat(order.path("status").asString()).as("status of %s", order).isIn(TERMINAL);
                });
        return last.get();
    }

    /** Polls the order until its status is {@code status}; fails at once if it ends in another. */
    public static JsonNode awaitStatus(String orderId, String status, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("order " + orderId + " reaches " + status)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode order = getOrder(orderId);
                    last.set(order);
                    String now = order.path("status").asString();
                    if (!now.equals(status) && (TERMINAL.contains(now) || now.equals("COMPENSATION_FAILED"))) {
                        throw new IllegalStateException("order " + orderId + " ended " + now + ", not " + status
                                + ": " + order);
                    }
                    assertThat(now).as("status of %s", order).isEqualTo(status);
                });
        return last.get();
    }

    /** The steps of the order's log, each as "STEP TYPE STATUS". */
    public static List<String> logLines(JsonNode order) {
        List<String> lines = new ArrayList<>();
        for (JsonNode row : order.path("log")) {
            lines.add(row.path("step").asString() + " " + row.path("type").asString() + " " + row.path("status").asString());
        }
        return lines;
    }

    public static JsonNode lastLogRow(JsonNode order) {
        JsonNode log = order.path("log");
        assertThat(log.size()).as("log of %s", order).isPositive();
        return log.get(log.size() - 1);
    }

    public record Line(String sku, int qty) {
    }

    public record Placed(String orderId, URI location, String status) {
    }
}
