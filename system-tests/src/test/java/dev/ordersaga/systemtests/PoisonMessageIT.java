package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Broker;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/**
 * On every topic a service consumes, a message no one can read is parked on that subscription's dead-letter topic,
 * a second copy of a real message changes nothing, and the orders behind them keep flowing.
 */
@SystemTest
class PoisonMessageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final BigDecimal AMOUNT = new BigDecimal("2.50");

    /** Who consumes each topic, and which real message of a completed order it carries (from its producer's outbox). */
    enum Consumed {
        INVENTORY_COMMANDS(Topic.INVENTORY_COMMANDS, "inventory-service", Sql.ORDER_SAGA, "ReserveStock"),
        PAYMENT_COMMANDS(Topic.PAYMENT_COMMANDS, "payment-service", Sql.ORDER_SAGA, "ChargePayment"),
        INVENTORY_EVENTS(Topic.INVENTORY_EVENTS, "order-saga-service", Sql.INVENTORY, "StockReserved"),
        PAYMENT_EVENTS(Topic.PAYMENT_EVENTS, "order-saga-service", Sql.PAYMENT, "PaymentCharged");

        final Topic topic;
        final String subscription;
        final String producerDatabase;
        final String realEventType;

        Consumed(Topic topic, String subscription, String producerDatabase, String realEventType) {
            this.topic = topic;
            this.subscription = subscription;
            this.producerDatabase = producerDatabase;
            this.realEventType = realEventType;
        }

        String deadLetterTopic() {
            return topic.fullName() + "-" + subscription + "-DLQ";
        }
    }

    @ParameterizedTest
    @EnumSource(Consumed.class)
    void aPoisonIsParkedAndADuplicateChangesNothingWhileOrdersKeepFlowing(Consumed consumed) {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(10_000);
        String orderId = placeAndComplete(customer, sku);
        Effects before = Effects.of(orderId, sku, customer);
        assertThat(before.stock()).isEqualTo(new Stock(9, 0));
        assertThat(before.balanceCents()).isEqualTo(10_000 - 250);
        assertThat(before.payments()).isEqualTo(1);

        // a second copy of the real message, exactly as its producer's relay published it (same event id)
        byte[] real = Sql.value(consumed.producerDatabase, byte[].class,
                "SELECT payload FROM outbox WHERE aggregate_id = ? AND event_type = ?", orderId, consumed.realEventType);
        Broker.publishEncoded(consumed.topic, orderId, real);
        // then garbage on the same key: a Key_Shared subscription hands one key's messages to one consumer in order,
        // so once the garbage is parked the duplicate before it has been handled
        byte[] garbage = ("garbage, not an Avro message, " + consumed + " " + orderId).getBytes(StandardCharsets.UTF_8);
        Broker.publishBytes(consumed.topic.fullName(), orderId, garbage);

        assertThat(placeAndComplete(TestData.newCustomer(10_000), TestData.newProduct(10)))
                .as("an order placed behind the poison").isNotBlank();

        Message<byte[]> parked = awaitParked(consumed.deadLetterTopic(), garbage);
        assertThat(parked.getKey()).isEqualTo(orderId);
        assertThat(parked.getProperty("DLQ_REASON")).as("DLQ_REASON").isNotBlank();
        assertThat(parked.getProperty("ORIGIN_TOPIC")).contains(consumed.topic.topicName());
        assertThat(Effects.of(orderId, sku, customer)).as("the duplicate changed nothing").isEqualTo(before);
        assertThat(Broker.readAll(consumed.deadLetterTopic()).stream().filter(m -> orderId.equals(m.getKey())))
                .as("only the garbage is parked, not the duplicate").hasSize(1);
    }

    private static String placeAndComplete(String customer, String sku) {
        Bff.Placed placed = Bff.place(customer, AMOUNT, new Line(sku, 1));
        JsonNode order = Bff.awaitTerminal(placed.orderId());
        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("COMPLETED");
        return placed.orderId();
    }

    private static Message<byte[]> awaitParked(String deadLetterTopic, byte[] garbage) {
        AtomicReference<Message<byte[]>> parked = new AtomicReference<>();
        await("the garbage on " + deadLetterTopic).atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<Message<byte[]>> messages = Broker.readAll(deadLetterTopic);
            messages.stream().filter(m -> Arrays.equals(m.getData(), garbage)).findFirst().ifPresent(parked::set);
            return parked.get() != null;
        });
        return parked.get();
    }

    /** Everything a message about this order could have changed, in every service. */
    private record Effects(long sagaLogRows, String status, long sagaOutbox, long inventoryOutbox, long paymentOutbox,
            long payments, Stock stock, long balanceCents) {

        static Effects of(String orderId, String sku, String customer) {
            return new Effects(
                    TestData.sagaLogRows(orderId),
                    Bff.getOrder(orderId).path("status").asString(),
                    TestData.outboxRows(Sql.ORDER_SAGA, orderId, null), TestData.outboxRows(Sql.INVENTORY, orderId, null),
                    TestData.outboxRows(Sql.PAYMENT, orderId, null),
                    Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE order_id = ?", orderId),
                    TestData.stock(sku), TestData.balanceCents(customer));
        }
    }
}
