package dev.ordersaga.inventory.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.ordersaga.inventory.domain.StockLevel;

/** A row of {@code products}: the stock of one SKU. */
@Entity
@Table(name = "products")
public class Product {

    @Id
    private String sku;

    @Column(nullable = false)
    private String name;

    @Column(name = "on_hand", nullable = false)
    private int onHand;

    @Column(nullable = false)
    private int reserved;

    protected Product() {
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public int getOnHand() {
        return onHand;
    }

    public int getReserved() {
        return reserved;
    }

    public StockLevel level() {
        return new StockLevel(sku, onHand, reserved);
    }

    /** Stores a level computed by the domain from {@link #level()}. */
    public void apply(StockLevel level) {
        if (!level.sku().equals(sku)) {
            throw new IllegalArgumentException("level of " + level.sku() + " applied to " + sku);
        }
        this.onHand = level.onHand();
        this.reserved = level.reserved();
    }
}
