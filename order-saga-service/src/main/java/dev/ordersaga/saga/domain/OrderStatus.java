package dev.ordersaga.saga.domain;

/** What a customer sees of an order. */
public enum OrderStatus {
    PENDING, COMPLETED, REJECTED, COMPENSATED,
    /** A compensation got no reply after every attempt: parked until an operator retries it. */
    COMPENSATION_FAILED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
