package dev.ordersaga.bff.client;

/** A field the order-saga-service named when it rejected a request. */
public record FieldViolation(String field, String message) {
}
