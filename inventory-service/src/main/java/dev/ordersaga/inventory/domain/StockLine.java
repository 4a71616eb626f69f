package dev.ordersaga.inventory.domain;

import java.util.List;
import java.util.stream.Collectors;

/** A quantity of one stock-keeping unit: a line of an order, or what a reservation holds of one SKU. */
public record StockLine(String sku, int qty) {

    @Override
    public String toString() {
        return sku + "×" + qty;
    }

    /** {@code A×1, B×2}, for log lines. */
    public static String describe(List<StockLine> lines) {
        return lines.isEmpty() ? "nothing" : lines.stream().map(StockLine::toString).collect(Collectors.joining(", "));
    }
}
