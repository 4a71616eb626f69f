package dev.ordersaga.inventory.domain;

/**
 * Life of an order's reservation. Only a {@code RESERVED} reservation holds stock; it ends either
 * {@code RELEASED} (compensation: units back to available) or {@code COMMITTED} (units left the warehouse).
 */
public enum ReservationStatus {
    RESERVED, REJECTED, RELEASED, COMMITTED;

    /** Whether the order's first answer was StockReserved (a retried ReserveStock repeats it). */
    public boolean wasReserved() {
        return this != REJECTED;
    }
}
