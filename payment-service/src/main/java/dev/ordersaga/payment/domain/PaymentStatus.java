package dev.ordersaga.payment.domain;

/**
 * Life of an order's payment. Only a {@code CHARGED} payment can be refunded, once; a {@code DECLINED}
 * one took nothing.
 */
public enum PaymentStatus {
    CHARGED, DECLINED, REFUNDED;

    /** Whether the order's first answer was PaymentCharged (a retried ChargePayment repeats it). */
    public boolean wasCharged() {
        return this != DECLINED;
    }
}
