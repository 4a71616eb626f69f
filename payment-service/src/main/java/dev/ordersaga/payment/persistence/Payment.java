package dev.ordersaga.payment.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

import dev.ordersaga.payment.domain.PaymentStatus;

/** An order's payment (one per order): its outcome is kept so that a retried command gets the same answer. */
@Entity
@Table(name = "payments")
public class Payment implements Persistable<String> {

    @Id
    @Column(name = "order_id")
    private String orderId;

    /** {@code null} only for a CANCELLED payment: the refund that cancelled it does not name the customer. */
    @Column(name = "customer_id")
    private String customerId;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PaymentStatus status;

    private String reason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew;

    protected Payment() {
    }

    private Payment(String orderId, String customerId, long amountCents, PaymentStatus status, String reason) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amountCents = amountCents;
        this.status = status;
        this.reason = reason;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        this.isNew = true;
    }

    public static Payment charged(String orderId, String customerId, long amountCents) {
        return new Payment(orderId, customerId, amountCents, PaymentStatus.CHARGED, null);
    }

    public static Payment declined(String orderId, String customerId, long amountCents, String reason) {
        return new Payment(orderId, customerId, amountCents, PaymentStatus.DECLINED, reason);
    }

    /** Refunded before it was ever charged: a later ChargePayment for the order is declined. */
    public static Payment cancelled(String orderId, String reason) {
        return new Payment(orderId, null, 0, PaymentStatus.CANCELLED, reason);
    }

    public String getOrderId() {
        return orderId;
    }

    public String getCustomerId() {
        return customerId;
    }

    public long getAmountCents() {
        return amountCents;
    }

    public PaymentStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public void refunded(String why) {
        if (status != PaymentStatus.CHARGED) {
            throw new IllegalStateException("payment of order " + orderId + " is " + status + ", not CHARGED");
        }
        this.status = PaymentStatus.REFUNDED;
        this.reason = why;
        this.updatedAt = Instant.now();
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        this.isNew = false;
    }
}
