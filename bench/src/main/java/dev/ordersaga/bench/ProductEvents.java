package dev.ordersaga.bench;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.InventoryCommand;
import dev.ordersaga.contracts.OrderLine;
import dev.ordersaga.contracts.ReserveStock;
import dev.ordersaga.messaging.MessageSchemas;

/**
 * A real product message: the {@code ReserveStock} command the order-saga service writes to its outbox when an order
 * of one line is placed, encoded by the product's own {@link MessageSchemas} (the bytes the relay publishes with
 * AUTO_PRODUCE_BYTES).
 */
final class ProductEvents {

    private ProductEvents() {
    }

    static InventoryCommand reserveStock(String orderId, String sku) {
        return InventoryCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId(orderId)
                .setStepId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(new ReserveStock(List.of(new OrderLine(sku, 1))))
                .build();
    }

    /** Size in bytes of an encoded ReserveStock envelope for one line of a bench SKU. */
    static int encodedSize() {
        return MessageSchemas.encode(reserveStock(UUID.randomUUID().toString(), "BENCH-00")).length;
    }
}
