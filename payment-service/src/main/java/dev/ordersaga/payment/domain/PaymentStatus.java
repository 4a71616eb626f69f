package dev.ordersaga.payment.domain;

/**
 * Life of an order's payment. Only a {@code CHARGED} payment can be refunded, once; a {@code DECLINED}
 * one took nothing. {@code CANCELLED}: a refund came before any charge (the saga gave the charge up when
 * it timed out), so a charge that still comes is declined.
 */
public enum PaymentStatus {
    CHARGED, DECLINED, REFUNDED, CANCELLED;

    /** Whether the order's first answer was PaymentCharged (a retried ChargePayment repeats it). */
    public boolean wasCharged() {
        return this == CHARGED || this == REFUNDED;
    }
}
