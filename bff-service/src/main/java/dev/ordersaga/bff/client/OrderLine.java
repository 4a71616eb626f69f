package dev.ordersaga.bff.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One order line as the order-saga-service sends and receives it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderLine(String sku, int qty) {
}
