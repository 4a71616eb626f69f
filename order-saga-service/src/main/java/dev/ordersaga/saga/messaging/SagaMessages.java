package dev.ordersaga.saga.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.InventoryEvent;
import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.saga.domain.OrderLine;
import dev.ordersaga.saga.domain.SagaCommand;
import dev.ordersaga.saga.domain.SagaEvent;

/** Translates between the saga's own commands and replies and the Avro messages on the wire. */
public final class SagaMessages {

    private SagaMessages() {
    }

    public static SpecificRecord toMessage(UUID orderId, SagaCommand command) {
        String eventId = UUID.randomUUID().toString();
        String stepId = command.stepId().toString();
        Instant now = Instant.now();
        if (command instanceof SagaCommand.ReserveStock reserve) {
            return inventory(eventId, orderId, stepId, now, new dev.ordersaga.contracts.ReserveStock(lines(reserve.items())));
        }
        if (command instanceof SagaCommand.CommitStock) {
            return inventory(eventId, orderId, stepId, now, new dev.ordersaga.contracts.CommitStock("order completed"));
        }
        if (command instanceof SagaCommand.ReleaseStock release) {
            return inventory(eventId, orderId, stepId, now, new dev.ordersaga.contracts.ReleaseStock(release.reason()));
        }
        if (command instanceof SagaCommand.ChargePayment charge) {
            return PaymentCommand.newBuilder().setEventId(eventId).setOrderId(orderId.toString()).setStepId(stepId)
                    .setOccurredAt(now).setSchemaVersion(Envelopes.SCHEMA_VERSION)
                    .setPayload(new dev.ordersaga.contracts.ChargePayment(charge.customerId(), charge.amountCents()))
                    .build();
        }
        if (command instanceof SagaCommand.RefundPayment refund) {
            return PaymentCommand.newBuilder().setEventId(eventId).setOrderId(orderId.toString()).setStepId(stepId)
                    .setOccurredAt(now).setSchemaVersion(Envelopes.SCHEMA_VERSION)
                    .setPayload(new dev.ordersaga.contracts.RefundPayment(refund.reason()))
                    .build();
        }
        throw new IllegalArgumentException("No message for " + command);
    }

    private static InventoryCommand inventory(String eventId, UUID orderId, String stepId, Instant now, Object payload) {
        return InventoryCommand.newBuilder().setEventId(eventId).setOrderId(orderId.toString()).setStepId(stepId)
                .setOccurredAt(now).setSchemaVersion(Envelopes.SCHEMA_VERSION).setPayload(payload).build();
    }

    public static SagaEvent toSagaEvent(InventoryEvent message) {
        UUID stepId = UUID.fromString(message.getStepId());
        Object payload = message.getPayload();
        if (payload instanceof dev.ordersaga.contracts.StockReserved reserved) {
            return new SagaEvent.StockReserved(stepId, describe(reserved.getItems()));
        }
        if (payload instanceof dev.ordersaga.contracts.StockRejected rejected) {
            return new SagaEvent.StockRejected(stepId, rejected.getReason());
        }
        if (payload instanceof dev.ordersaga.contracts.StockCommitted committed) {
            return new SagaEvent.StockCommitted(stepId, describe(committed.getItems()));
        }
        if (payload instanceof dev.ordersaga.contracts.StockReleased released) {
            return new SagaEvent.StockReleased(stepId, describe(released.getItems()));
        }
        throw new IllegalArgumentException("Unknown inventory event payload " + payload);
    }

    public static SagaEvent toSagaEvent(PaymentEvent message) {
        UUID stepId = UUID.fromString(message.getStepId());
        Object payload = message.getPayload();
        if (payload instanceof dev.ordersaga.contracts.PaymentCharged charged) {
            return new SagaEvent.PaymentCharged(stepId,
                    "charged " + money(charged.getAmountCents()) + " to " + charged.getCustomerId());
        }
        if (payload instanceof dev.ordersaga.contracts.PaymentDeclined declined) {
            return new SagaEvent.PaymentDeclined(stepId, declined.getReason());
        }
        if (payload instanceof dev.ordersaga.contracts.PaymentRefunded refunded) {
            return new SagaEvent.PaymentRefunded(stepId,
                    "refunded " + money(refunded.getAmountCents()) + " to " + refunded.getCustomerId());
        }
        throw new IllegalArgumentException("Unknown payment event payload " + payload);
    }

    private static List<dev.ordersaga.contracts.OrderLine> lines(List<OrderLine> items) {
        return items.stream().map(l -> new dev.ordersaga.contracts.OrderLine(l.sku(), l.qty())).toList();
    }

    private static String describe(List<dev.ordersaga.contracts.OrderLine> items) {
        return items.isEmpty() ? "no items"
                : items.stream().map(l -> l.getSku() + "×" + l.getQty()).collect(Collectors.joining(", "));
    }

    public static String money(long cents) {
        return java.math.BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
