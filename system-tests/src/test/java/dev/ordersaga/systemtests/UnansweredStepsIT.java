package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.DatabaseFault;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/**
 * Steps that get no reply: a participant that is down, and a release that keeps failing. The order-saga service runs
 * with a short step timeout here (restarted with {@code SAGA_STEP_TIMEOUT=4s}, three release attempts) and goes back to
 * its defaults afterwards.
 */
@SystemTest
class UnansweredStepsIT {

    static final String STEP_TIMEOUT = "4s";
    static final int RELEASE_ATTEMPTS = 3;
    static final Duration ENDS_WITHIN = Duration.ofSeconds(90);
    static final int ORDERS = 3;
    static final BigDecimal AMOUNT = new BigDecimal("2.50");

    @BeforeAll
    static void shortStepTimeouts() {
        restartOrderSaga(Map.of("SAGA_STEP_TIMEOUT", STEP_TIMEOUT,
                "SAGA_MAX_COMPENSATION_ATTEMPTS", String.valueOf(RELEASE_ATTEMPTS),
                "SAGA_TIMEOUT_CHECK_INTERVAL", "250ms"));
    }

    @AfterAll
    static void defaultStepTimeouts() {
        restartOrderSaga(Map.of());
    }

    @Test
    void ordersWhosePaymentServiceNeverAnswersAreCompensatedWithoutItAndItsLateRepliesChangeNothing() {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(10_000);

        Map<String, JsonNode> ended = compensatedWhileDown(LocalStack.PAYMENT_SERVICE, customer, sku,
                "RESERVE_STOCK COMMAND PENDING", "RESERVE_STOCK EVENT CONFIRMED", "CHARGE_PAYMENT COMMAND PENDING",
                "CHARGE_PAYMENT EVENT FAILED", "REFUND_PAYMENT COMMAND SENT", "RELEASE_STOCK COMMAND PENDING",
                "RELEASE_STOCK EVENT COMPENSATED");
        ended.values().forEach(order -> assertThat(order.path("log").get(3).path("error").asString())
                .isEqualTo("no reply within " + STEP_TIMEOUT));

        // Back, the payment service works through its commands in order: each charge, then the refund cancelling it.
        awaitTheSagaReadEveryReply(Sql.PAYMENT, ended.keySet());
        assertThat(Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE order_id = ANY(?) AND status IN "
                + "('REFUNDED', 'CANCELLED')", ids(ended.keySet()))).as("every charge refunded or refused")
                .isEqualTo(ORDERS);
        assertThat(TestData.balanceCents(customer)).as("no money kept").isEqualTo(10_000);
        assertThat(TestData.stock(sku)).isEqualTo(new Stock(10, 0));
        assertTheLateRepliesChangedNothing(ended);
    }

    @Test
    void ordersWhoseInventoryServiceNeverAnswersAreCompensatedWithoutItAndItsLateRepliesChangeNothing() {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(10_000);

        Map<String, JsonNode> ended = compensatedWhileDown(LocalStack.INVENTORY_SERVICE, customer, sku,
                "RESERVE_STOCK COMMAND PENDING", "RESERVE_STOCK EVENT FAILED", "RELEASE_STOCK COMMAND SENT");

        // Back, the inventory service reserves each order's stock late, then releases it for the cancel behind it.
        awaitTheSagaReadEveryReply(Sql.INVENTORY, ended.keySet());
        assertThat(Sql.count(Sql.INVENTORY, "SELECT count(*) FROM reservations WHERE order_id = ANY(?) AND status IN "
                + "('RELEASED', 'CANCELLED')", ids(ended.keySet()))).as("every reservation released or refused")
                .isEqualTo(ORDERS);
        assertThat(TestData.stock(sku)).as("no stock kept").isEqualTo(new Stock(10, 0));
        assertThat(Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE order_id = ANY(?)", ids(ended.keySet())))
                .as("nothing charged").isZero();
        assertThat(TestData.balanceCents(customer)).isEqualTo(10_000);
        assertTheLateRepliesChangedNothing(ended);
    }

    @Test
    void aReleaseThatKeepsFailingIsParkedVisiblyAndCompletesWhenAnOperatorRetriesIt() {
        String sku = TestData.newProduct(5);
        String poor = TestData.newCustomer(100);
        String orderId;
        // A real fault in the inventory database: giving back reserved units of this SKU fails.
        try (DatabaseFault fault = DatabaseFault.onUpdate(Sql.INVENTORY, "products", "NEW.sku = '" + sku
                + "' AND NEW.reserved < OLD.reserved AND NEW.on_hand = OLD.on_hand", "simulated outage of stock releases")) {
            // Declined (balance 1.00, amount 2.50): the saga releases the two reserved units, and the release fails.
            orderId = Bff.place(poor, AMOUNT, new Line(sku, 2)).orderId();

            JsonNode parked = Bff.awaitStatus(orderId, "COMPENSATION_FAILED", ENDS_WITHIN);
            List<String> log = Bff.logLines(parked);
            assertThat(log).as("%s", parked).containsSubsequence("CHARGE_PAYMENT EVENT FAILED",
                    "RELEASE_STOCK COMMAND PENDING", "RELEASE_STOCK EVENT FAILED");
            assertThat(log.stream().filter("RELEASE_STOCK COMMAND PENDING"::equals)).hasSize(RELEASE_ATTEMPTS);
            assertThat(Bff.lastLogRow(parked).path("error").asString())
                    .isEqualTo("release stock got no reply after " + RELEASE_ATTEMPTS + " attempts");
            assertThat(TestData.stock(sku)).as("still reserved").isEqualTo(new Stock(5, 2));
        }

        Http.Response retry = Http.postJson(URI.create(SystemStack.get().serviceUrl(LocalStack.ORDER_SAGA_SERVICE)
                + "/orders/" + orderId + "/retry-compensation"), "");
        assertThat(retry.status()).as("%s", retry).isEqualTo(202);

        JsonNode compensated = Bff.awaitStatus(orderId, "COMPENSATED", ENDS_WITHIN);
        assertThat(Bff.lastLogRow(compensated).path("step").asString()).isEqualTo("RELEASE_STOCK");
        assertThat(Bff.lastLogRow(compensated).path("status").asString()).isEqualTo("COMPENSATED");
        assertThat(TestData.stock(sku)).as("released once").isEqualTo(new Stock(5, 0));
        assertThat(TestData.balanceCents(poor)).isEqualTo(100);
    }

    /**
     * Stops the participant, places the orders, and checks that each ends COMPENSATED with this saga log while the
     * participant is still down (stock back, nothing charged); then starts it again.
     * @return the orders as they ended, by id
     */
    private static Map<String, JsonNode> compensatedWhileDown(String participant, String customer, String sku,
            String... expectedLog) {
        LocalStack stack = SystemStack.get();
        Map<String, JsonNode> ended = new LinkedHashMap<>();
        stack.stop(participant);
        try {
            for (int i = 0; i < ORDERS; i++) {
                String orderId = Bff.place(customer, AMOUNT, new Line(sku, 1)).orderId();
                JsonNode order = Bff.awaitStatus(orderId, "COMPENSATED", ENDS_WITHIN);
                assertThat(Bff.logLines(order)).as("%s", order).containsExactly(expectedLog);
                ended.put(orderId, order);
            }
            assertThat(stack.isRunning(participant)).as(participant + " still down").isFalse();
            assertThat(TestData.stock(sku)).as("no stock held").isEqualTo(new Stock(10, 0));
            assertThat(TestData.balanceCents(customer)).as("no money taken").isEqualTo(10_000);
        }
        finally {
            stack.start(participant);
        }
        return ended;
    }

    /** Every reply the participant wrote for these orders has been consumed by the saga's inbox. */
    private static void awaitTheSagaReadEveryReply(String participant, Collection<String> orderIds) {
        await("the saga read every late reply from " + participant).atMost(ENDS_WITHIN)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<String> replies = Sql.rows(participant,
                            "SELECT event_id::text AS id FROM outbox WHERE aggregate_id = ANY(?)", ids(orderIds))
                            .stream().map(row -> (String) row.get("id")).toList();
                    assertThat(replies).as("replies to the command and to its cancel").hasSize(2 * orderIds.size());
                    assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM processed_events "
                            + "WHERE consumer = 'order-saga-service' AND event_id::text = ANY(?)",
                            (Object) replies.toArray(String[]::new))).isEqualTo(replies.size());
                });
    }

    private static void assertTheLateRepliesChangedNothing(Map<String, JsonNode> ended) {
        ended.forEach((orderId, before) -> {
            JsonNode after = Bff.getOrder(orderId);
            assertThat(after.path("status").asString()).isEqualTo("COMPENSATED");
            assertThat(after.path("log")).as("saga_log of %s", orderId).isEqualTo(before.path("log"));
        });
    }

    /** A SQL array parameter. */
    private static Object ids(Collection<String> orderIds) {
        return orderIds.toArray(String[]::new);
    }

    private static void restartOrderSaga(Map<String, String> settings) {
        LocalStack stack = SystemStack.get();
        stack.stop(LocalStack.ORDER_SAGA_SERVICE);
        stack.start(LocalStack.ORDER_SAGA_SERVICE, settings);
    }
}
