package dev.ordersaga.saga.domain;

/** One line of an order. */
public record OrderLine(String sku, int qty) {
}
