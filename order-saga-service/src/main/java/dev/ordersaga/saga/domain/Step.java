package dev.ordersaga.saga.domain;

/** The steps of the order saga; the last two are compensations. */
public enum Step {
    RESERVE_STOCK, CHARGE_PAYMENT, COMMIT_STOCK, RELEASE_STOCK, REFUND_PAYMENT;

    /** For messages: "release stock". */
    public String describe() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
