package dev.ordersaga.bff.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The order-saga-service's answer to {@code POST /orders} (201). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedOrder(String orderId, String status) {
}
