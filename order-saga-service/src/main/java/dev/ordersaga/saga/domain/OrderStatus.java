package dev.ordersaga.saga.domain;

/** What a customer sees of an order. */
public enum OrderStatus {
    PENDING, COMPLETED, REJECTED, COMPENSATED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
