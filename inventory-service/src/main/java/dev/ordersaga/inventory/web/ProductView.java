package dev.ordersaga.inventory.web;

import dev.ordersaga.inventory.persistence.Product;

/** A product's stock as the HTTP API shows it. */
public record ProductView(String sku, String name, int onHand, int reserved, int available) {

    static ProductView of(Product product) {
        return new ProductView(product.getSku(), product.getName(), product.getOnHand(), product.getReserved(),
                product.level().available());
    }
}
