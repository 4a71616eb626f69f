package dev.ordersaga.bff.client;

import java.util.List;

/**
 * Body of {@code POST /orders} on the order-saga-service: amounts are integer cents inside the system.
 */
public record NewOrder(String customerId, List<OrderLine> items, long amountCents) {
}
