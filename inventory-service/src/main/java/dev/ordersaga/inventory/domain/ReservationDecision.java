package dev.ordersaga.inventory.domain;

import java.util.List;

/** What {@link Inventory#reserve} decided for an order: every line reserved, or none. */
public sealed interface ReservationDecision {

    /** Every line can be reserved; {@code lines} has one line per SKU (duplicates summed), in SKU order. */
    record Reserve(List<StockLine> lines) implements ReservationDecision {
        public Reserve {
            lines = List.copyOf(lines);
        }
    }

    /** Nothing is reserved, for the given reason. */
    record Reject(String reason) implements ReservationDecision {
    }
}
