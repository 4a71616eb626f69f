package dev.ordersaga.payment.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.ordersaga.payment.domain.Balance;

/** A row of {@code accounts}: a customer and the money they can spend, in cents. */
@Entity
@Table(name = "accounts")
public class Account {

    @Id
    @Column(name = "customer_id")
    private String customerId;

    @Column(nullable = false)
    private String name;

    @Column(name = "balance_cents", nullable = false)
    private long balanceCents;

    protected Account() {
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getName() {
        return name;
    }

    public long getBalanceCents() {
        return balanceCents;
    }

    public Balance balance() {
        return new Balance(customerId, balanceCents);
    }

    /** Stores a balance computed by the domain from {@link #balance()}. */
    public void apply(Balance balance) {
        if (!balance.customerId().equals(customerId)) {
            throw new IllegalArgumentException("balance of " + balance.customerId() + " applied to " + customerId);
        }
        this.balanceCents = balance.cents();
    }
}
