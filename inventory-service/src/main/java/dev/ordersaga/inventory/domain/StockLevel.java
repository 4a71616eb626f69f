package dev.ordersaga.inventory.domain;

/**
 * How much of one SKU the warehouse holds and how much of it orders have reserved.
 * Invariant: {@code 0 <= reserved <= onHand}; {@code available = onHand - reserved}.
 * Every operation returns the new level and refuses to break the invariant.
 */
public record StockLevel(String sku, int onHand, int reserved) {

    public StockLevel {
        if (onHand < 0 || reserved < 0 || reserved > onHand) {
            throw new IllegalArgumentException("invalid stock level of " + sku + ": on hand " + onHand
                    + ", reserved " + reserved);
        }
    }

    public int available() {
        return onHand - reserved;
    }

    /** Sets {@code qty} units aside for an order. */
    public StockLevel reserve(int qty) {
        requirePositive(qty);
        if (qty > available()) {
            throw new IllegalStateException("cannot reserve " + qty + " of " + sku + ": " + available() + " available");
        }
        return new StockLevel(sku, onHand, reserved + qty);
    }

    /** Gives reserved units back (compensation): they become available again. */
    public StockLevel release(int qty) {
        requirePositive(qty);
        if (qty > reserved) {
            throw new IllegalStateException("cannot release " + qty + " of " + sku + ": only " + reserved + " reserved");
        }
        return new StockLevel(sku, onHand, reserved - qty);
    }

    /** The order completed: reserved units leave the warehouse for good. */
    public StockLevel commit(int qty) {
        requirePositive(qty);
        if (qty > reserved) {
            throw new IllegalStateException("cannot commit " + qty + " of " + sku + ": only " + reserved + " reserved");
        }
        return new StockLevel(sku, onHand - qty, reserved - qty);
    }

    private void requirePositive(int qty) {
        if (qty <= 0) {
            throw new IllegalArgumentException("quantity of " + sku + " must be positive, was " + qty);
        }
    }
}
