package dev.ordersaga.bff.web;

/** Body of the 202 answer to {@code POST /saga/orders}. */
public record OrderAccepted(String orderId, String status) {
}
