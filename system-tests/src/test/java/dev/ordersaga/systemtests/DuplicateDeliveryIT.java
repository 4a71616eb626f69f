package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.ChargePayment;
import dev.ordersaga.contracts.CommitStock;
import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.InventoryEvent;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.contracts.StockCommitted;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/**
 * The same message (same eventId) delivered twice has one effect. To know the duplicate has been consumed without
 * sleeping, each test then sends a follow-up message with the same key (the order id): a Key_Shared subscription
 * hands a key's messages to one consumer in order, so once the follow-up's effect shows, the duplicate was handled.
 */
@SystemTest
class DuplicateDeliveryIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theSameReserveStockDeliveredTwiceReservesOnce() {
        String sku = TestData.newProduct(10);
        String orderId = UUID.randomUUID().toString();
        InventoryCommand reserve = InventoryCommand.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOrderId(orderId).setStepId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(new ReserveStock(List.of(new OrderLine(sku, 2)))).build();

        Broker.publish(reserve);
        Broker.publish(reserve);
        await("stock reserved").atMost(WAIT).until(() -> TestData.stock(sku).reserved() == 2);
        Broker.publish(InventoryCommand.newBuilder(reserve).setEventId(UUID.randomUUID().toString())
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setPayload(new CommitStock("order completed")).build());
        await("the follow-up CommitStock handled").atMost(WAIT)
                .until(() -> TestData.outboxRows(Sql.INVENTORY, orderId, "StockCommitted") == 1);

        assertThat(TestData.stock(sku)).as("reserved once, then committed").isEqualTo(new Stock(8, 0));
        assertThat(TestData.outboxRows(Sql.INVENTORY, orderId, "StockReserved")).as("StockReserved replies").isEqualTo(1);
        assertThat(TestData.outboxRows(Sql.INVENTORY, orderId, null)).as("all replies").isEqualTo(2);
    }

    @Test
    void theSameChargePaymentDeliveredTwiceChargesOnce() {
        String customer = TestData.newCustomer(10_000);
        String orderId = UUID.randomUUID().toString();
        PaymentCommand charge = PaymentCommand.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOrderId(orderId).setStepId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(new ChargePayment(customer, 2_500L)).build();

        Broker.publish(charge);
        Broker.publish(charge);
        await("charged").atMost(WAIT).until(() -> TestData.balanceCents(customer) == 7_500);
        // a retried command (new eventId) is answered again from the recorded payment, without a second charge
        String retryStepId = UUID.randomUUID().toString();
        Broker.publish(PaymentCommand.newBuilder(charge).setEventId(UUID.randomUUID().toString())
                .setStepId(retryStepId).build());
        await("the reply to the retried ChargePayment").atMost(WAIT).until(() -> outbox(Sql.PAYMENT, orderId,
                PaymentEvent.class).stream().anyMatch(reply -> reply.getStepId().equals(retryStepId)));

        assertThat(TestData.outboxRows(Sql.PAYMENT, orderId, "PaymentCharged"))
                .as("PaymentCharged replies: one to the command, one to the retry, none to the duplicate").isEqualTo(2);
        assertThat(TestData.outboxRows(Sql.PAYMENT, orderId, null)).as("all replies").isEqualTo(2);
        assertThat(TestData.balanceCents(customer)).as("charged once").isEqualTo(7_500);
        assertThat(Sql.value(Sql.PAYMENT, String.class, "SELECT status FROM payments WHERE order_id = ?", orderId))
                .isEqualTo("CHARGED");
    }

    @Test
    void theSameReplyDeliveredTwiceToTheSagaChangesNothing() {
        String sku = TestData.newProduct(5);
        String customer = TestData.newCustomer(10_000);
        Bff.Placed placed = Bff.place(customer, new BigDecimal("3.00"), new Line(sku, 1));
        JsonNode before = Bff.awaitTerminal(placed.orderId());
        assertThat(before.path("status").asString()).as("%s", before).isEqualTo("COMPLETED");
        String orderId = placed.orderId();
        long logRows = TestData.sagaLogRows(orderId);

        byte[] stockReserved = Sql.value(Sql.INVENTORY, byte[].class,
                "SELECT payload FROM outbox WHERE aggregate_id = ? AND event_type = 'StockReserved'", orderId);
        Broker.publishEncoded(Topic.INVENTORY_EVENTS, orderId, stockReserved);
        // a follow-up reply on the same key; the saga records every reply it reads in its inbox
        String followUpId = UUID.randomUUID().toString();
        Broker.publish(InventoryEvent.newBuilder().setEventId(followUpId).setOrderId(orderId)
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION).setPayload(new StockCommitted(List.of())).build());
        await("the follow-up reply read by the saga").atMost(WAIT).until(() -> Sql.count(Sql.ORDER_SAGA,
                "SELECT count(*) FROM processed_events WHERE event_id = ?::uuid", followUpId) == 1);

        JsonNode after = Bff.getOrder(orderId);
        assertThat(after.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(after.path("log")).isEqualTo(before.path("log"));
        assertThat(TestData.sagaLogRows(orderId)).isEqualTo(logRows);
        assertThat(TestData.stock(sku)).isEqualTo(new Stock(4, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(10_000 - 300);
    }

    /** The order's replies in a participant's outbox, decoded, oldest first. */
    static <T extends SpecificRecord> List<T> outbox(String database, String orderId, Class<T> envelope) {
        return Sql.rows(database, "SELECT payload FROM outbox WHERE aggregate_id = ? ORDER BY id", orderId).stream()
                .map(row -> MessageSchemas.of(envelope).decode((byte[]) row.get("payload")))
                .toList();
    }
}
