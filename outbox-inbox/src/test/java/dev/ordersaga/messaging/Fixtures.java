package dev.ordersaga.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import dev.ordersaga.contracts.ChargePayment;
import dev.ordersaga.contracts.CommitStock;
import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.InventoryEvent;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.PaymentCharged;
import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.PaymentDeclined;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.contracts.PaymentRefunded;
import dev.ordersaga.contracts.RefundPayment;
import dev.ordersaga.contracts.ReleaseStock;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.contracts.StockCommitted;
import dev.ordersaga.contracts.StockRejected;
import dev.ordersaga.contracts.StockReleased;
import dev.ordersaga.contracts.StockReserved;

/** Messages for tests: one of every payload type, and commands with a sequence number. */
public final class Fixtures {

    private Fixtures() {
    }

    public static InventoryCommand inventoryCommand(String orderId, Object payload) {
        return InventoryCommand.newBuilder().setEventId(UUID.randomUUID().toString()).setOrderId(orderId)
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(now()).setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(payload).build();
    }

    /** A command whose reason carries a sequence number, to check order. */
    public static InventoryCommand numbered(String orderId, int sequence) {
        return inventoryCommand(orderId, new ReleaseStock(Integer.toString(sequence)));
    }

    /** Every payload of every envelope, each for its own order. */
    public static List<SpecificRecord> oneOfEveryType() {
        List<OrderLine> lines = List.of(new OrderLine("A", 2), new OrderLine("B", 1));
        return List.of(
                inventoryCommand(order(), new ReserveStock(lines)),
                inventoryCommand(order(), new ReleaseStock("payment declined")),
                inventoryCommand(order(), new CommitStock("order completed")),
                inventoryEvent(new StockReserved(lines)),
                inventoryEvent(new StockRejected("not enough stock of C: 3 requested, 1 available")),
                inventoryEvent(new StockReleased(lines)),
                inventoryEvent(new StockCommitted(lines)),
                paymentCommand(new ChargePayment("alice", 10_000L)),
                paymentCommand(new RefundPayment("step timed out")),
                paymentEvent(new PaymentCharged("alice", 10_000L)),
                paymentEvent(new PaymentDeclined("bob", 10_000L, "insufficient funds: balance 50.00, amount 100.00")),
                paymentEvent(new PaymentRefunded("alice", 10_000L)));
    }

    private static InventoryEvent inventoryEvent(Object payload) {
        return InventoryEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOrderId(order())
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(now()).setPayload(payload).build();
    }

    private static PaymentCommand paymentCommand(Object payload) {
        return PaymentCommand.newBuilder().setEventId(UUID.randomUUID().toString()).setOrderId(order())
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(now()).setPayload(payload).build();
    }

    private static PaymentEvent paymentEvent(Object payload) {
        return PaymentEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOrderId(order())
                .setStepId(UUID.randomUUID().toString()).setOccurredAt(now()).setPayload(payload).build();
    }

    public static String order() {
        return UUID.randomUUID().toString();
    }

    /** Avro keeps milliseconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
