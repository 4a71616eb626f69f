package dev.ordersaga.inventory.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.ordersaga.inventory.domain.StockLine;

/** A row of {@code reservation_lines}: how many units of one SKU a reservation holds (or held). */
@Embeddable
public class ReservationLine {

    @Column(nullable = false)
    private String sku;

    @Column(nullable = false)
    private int qty;

    protected ReservationLine() {
    }

    ReservationLine(StockLine line) {
        this.sku = line.sku();
        this.qty = line.qty();
    }

    public StockLine toStockLine() {
        return new StockLine(sku, qty);
    }
}
