package dev.ordersaga.saga.domain;

/** The steps of the order saga; the last two are compensations. */
public enum Step {
    RESERVE_STOCK, CHARGE_PAYMENT, COMMIT_STOCK, RELEASE_STOCK
}
