package dev.ordersaga.systemtests.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Products and customers of one test, inserted straight into the inventory and payment databases with random names,
 * so tests neither see each other's effects nor depend on the seed data.
 */
public final class TestData {

    private TestData() {
    }

    /** A fresh SKU with this many units on hand and none reserved. */
    public static String newProduct(int onHand) {
        String sku = "ST-" + shortId();
        Sql.update(Sql.INVENTORY, "INSERT INTO products (sku, name, on_hand, reserved) VALUES (?, ?, ?, 0)", sku,
                "system test product " + sku, onHand);
        return sku;
    }

    /** A fresh customer with this balance. */
    public static String newCustomer(long balanceCents) {
        String customerId = "st-" + shortId();
        Sql.update(Sql.PAYMENT, "INSERT INTO accounts (customer_id, name, balance_cents) VALUES (?, ?, ?)", customerId,
                "System Test " + customerId, balanceCents);
        return customerId;
    }

    /** A SKU no product has. */
    public static String unknownSku() {
        return "NO-SUCH-" + shortId();
    }

    public static Stock stock(String sku) {
        List<Map<String, Object>> rows = Sql.rows(Sql.INVENTORY, "SELECT on_hand, reserved FROM products WHERE sku = ?", sku);
        if (rows.size() != 1) {
            throw new IllegalStateException("no product " + sku);
        }
        return new Stock(((Number) rows.get(0).get("on_hand")).intValue(),
                ((Number) rows.get(0).get("reserved")).intValue());
    }

    public static long balanceCents(String customerId) {
        return Sql.value(Sql.PAYMENT, Long.class, "SELECT balance_cents FROM accounts WHERE customer_id = ?", customerId);
    }

    /** Rows of the order in a service's outbox, of one event type or (null) all. */
    public static long outboxRows(String database, String orderId, String eventType) {
        return eventType == null
                ? Sql.count(database, "SELECT count(*) FROM outbox WHERE aggregate_id = ?", orderId)
                : Sql.count(database, "SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = ?", orderId,
                        eventType);
    }

    /** Rows of the order's saga log. */
    public static long sagaLogRows(String orderId) {
        return Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM saga_log WHERE saga_id = ?::uuid", orderId);
    }

    public static String shortId() {
        return UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }

    public record Stock(int onHand, int reserved) {
    }
}
