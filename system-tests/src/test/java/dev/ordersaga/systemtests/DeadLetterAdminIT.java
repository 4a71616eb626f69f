package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.DatabaseFault;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;

/**
 * An operator deals with dead letters through the admin API of the service that parked them
 * ({@code /admin/dead-letters} on its own port): poison is listed there (and only there) and cannot be replayed; a
 * command parked by a real, transient fault in the participant's database is replayed once the fault is gone, and
 * the order completes with its stock committed once.
 */
@SystemTest
class DeadLetterAdminIT {

    static final String INVENTORY_DLQ = "inventory.commands-inventory-service-DLQ";

    @Test
    void poisonOnAConsumedTopicIsListedByItsConsumerRefusedForReplayAndDiscarded() {
        String key = "dlq-admin-poison-" + TestData.shortId();
        byte[] garbage = ("garbage, not an Avro InventoryCommand " + key).getBytes(StandardCharsets.UTF_8);
        Broker.publishBytes(Topic.INVENTORY_COMMANDS.fullName(), key, garbage);

        JsonNode parked = awaitListed(LocalStack.INVENTORY_SERVICE, key, Duration.ofSeconds(60));
        String messageId = parked.path("messageId").asString();
        assertThat(parked.path("deadLetterTopic").asString()).isEqualTo(INVENTORY_DLQ);
        assertThat(parked.path("originTopic").asString()).isEqualTo(Topic.INVENTORY_COMMANDS.fullName());
        assertThat(parked.path("reason").asString()).startsWith("undecodable");
        assertThat(parked.path("decodable").asBoolean()).isFalse();
        assertThat(Base64.getDecoder().decode(parked.path("payloadBase64").asString())).isEqualTo(garbage);

        Http.Response replay = post(LocalStack.INVENTORY_SERVICE, INVENTORY_DLQ + "/" + messageId + "/replay");
        assertThat(replay.status()).as("%s", replay).isEqualTo(422);
        assertThat(replay.isProblem()).as("%s", replay).isTrue();

        // The payment service consumes other topics: not its dead letter.
        assertThat(listed(LocalStack.PAYMENT_SERVICE, key)).isEmpty();
        Http.Response foreign = Http.get(adminUri(LocalStack.PAYMENT_SERVICE, INVENTORY_DLQ + "/" + messageId));
        assertThat(foreign.status()).as("%s", foreign).isEqualTo(404);
        assertThat(foreign.isProblem()).as("%s", foreign).isTrue();

        Http.Response discard = delete(LocalStack.INVENTORY_SERVICE, INVENTORY_DLQ + "/" + messageId);
        assertThat(discard.status()).as("%s", discard).isEqualTo(204);
        assertThat(listed(LocalStack.INVENTORY_SERVICE, key)).isEmpty();
    }

    @Test
    void aCommandParkedByATransientDatabaseFaultIsReplayedAfterTheFaultAndTheOrderCompletes() {
        String sku = TestData.newProduct(5);
        String customer = TestData.newCustomer(10_000);
        String orderId;
        JsonNode parked;
        // A real fault in the inventory database: committing stock of this SKU (on_hand going down) fails.
        try (DatabaseFault fault = DatabaseFault.onUpdate(Sql.INVENTORY, "products",
                "NEW.sku = '" + sku + "' AND NEW.on_hand < OLD.on_hand", "simulated outage of stock commits")) {
            orderId = place(Bff.orderJson(customer, new BigDecimal("2.50"), new Line(sku, 2)));

            parked = awaitListed(LocalStack.INVENTORY_SERVICE, orderId, Duration.ofSeconds(120));
            assertThat(parked.path("deadLetterTopic").asString()).isEqualTo(INVENTORY_DLQ);
            assertThat(parked.path("reason").asString()).contains("handler failed", "simulated outage of stock commits");
            assertThat(parked.path("decodable").asBoolean()).isTrue();
            assertThat(parked.path("envelope").path("payloadType").asString()).isEqualTo("CommitStock");
            assertThat(parked.path("envelope").path("orderId").asString()).isEqualTo(orderId);
            assertThat(parked.path("properties").path("eventId").asString())
                    .isEqualTo(parked.path("envelope").path("eventId").asString());
            assertThat(TestData.stock(sku)).as("reserved, not committed").isEqualTo(new TestData.Stock(5, 2));
            assertThat(Bff.getOrder(orderId).path("status").asString()).isNotEqualTo("COMPLETED");
        }
        String messageId = parked.path("messageId").asString();
        String eventId = parked.path("envelope").path("eventId").asString();

        Http.Response replay = post(LocalStack.INVENTORY_SERVICE, INVENTORY_DLQ + "/" + messageId + "/replay");
        assertThat(replay.status()).as("%s", replay).isEqualTo(200);
        assertThat(replay.json().path("replayedTo").asString()).isEqualTo(Topic.INVENTORY_COMMANDS.topicName());
        assertThat(listed(LocalStack.INVENTORY_SERVICE, orderId).map(m -> m.path("messageId").asString()))
                .as("the replayed message is resolved").isNotEqualTo(Optional.of(messageId));

        JsonNode order = Bff.awaitTerminal(orderId);
        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("COMPLETED");
        assertThat(TestData.stock(sku)).as("committed once").isEqualTo(new TestData.Stock(3, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(10_000 - 250);
        await("the replayed command recorded by the inventory's inbox").atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count(Sql.INVENTORY,
                        "SELECT count(*) FROM processed_events WHERE consumer = 'inventory-service' AND event_id = ?::uuid",
                        eventId) == 1);
    }

    /**
     * Places the order, sending it again with the same Idempotency-Key while the BFF answers 503 (a cold order-saga
     * service on a busy machine can miss the BFF's read timeout): one order whatever the number of attempts.
     */
    private static String place(String body) {
        String idempotencyKey = "dlq-admin-" + TestData.shortId();
        AtomicReference<Http.Response> accepted = new AtomicReference<>();
        await("the order accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Http.Response response = send(Bff.postRequest(body, idempotencyKey));
            assertThat(response.status()).as("%s", response).isIn(202, 503);
            accepted.set(response);
            return response.status() == 202;
        });
        return accepted.get().json().path("orderId").asString();
    }

    private static JsonNode awaitListed(String service, String key, Duration atMost) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await("a dead letter with key " + key + " listed by " + service).atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    listed(service, key).ifPresent(found::set);
                    return found.get() != null;
                });
        return found.get();
    }

    private static Optional<JsonNode> listed(String service, String key) {
        Http.Response list = Http.get(URI.create(adminUri(service, "") + "?limit=200"));
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        for (JsonNode message : list.json().path("messages")) {
            if (key.equals(message.path("key").asString())) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static URI adminUri(String service, String path) {
        String base = SystemStack.get().serviceUrl(service) + "/admin/dead-letters";
        return URI.create(path.isEmpty() ? base : base + "/" + path);
    }

    private static Http.Response post(String service, String path) {
        return send(HttpRequest.newBuilder(adminUri(service, path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Http.Response delete(String service, String path) {
        return send(HttpRequest.newBuilder(adminUri(service, path)).timeout(Duration.ofSeconds(30)).DELETE().build());
    }

    private static Http.Response send(HttpRequest request) {
        try {
            var response = SystemStack.http().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(request.method(), request.uri(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers().firstValue("Location"),
                    response.body());
        }
        catch (java.io.IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
