package dev.ordersaga.inventory.domain;

/**
 * Life of an order's reservation. Only a {@code RESERVED} reservation holds stock; it ends either
 * {@code RELEASED} (compensation: units back to available) or {@code COMMITTED} (units left the warehouse).
 * {@code CANCELLED}: a release came before any reserve (the saga gave the reserve up when it timed out),
 * so a reserve that still comes is refused.
 */
public enum ReservationStatus {
    RESERVED, REJECTED, RELEASED, COMMITTED, CANCELLED;

    /** Whether the order's first answer was StockReserved (a retried ReserveStock repeats it). */
    public boolean wasReserved() {
        return this == RESERVED || this == RELEASED || this == COMMITTED;
    }
}
