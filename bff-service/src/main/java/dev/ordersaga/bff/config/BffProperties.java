package dev.ordersaga.bff.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where and how the BFF reaches the order-saga-service ({@code bff.*}, e.g. env {@code BFF_ORDER_SAGA_URL}).
 *
 * @param orderSagaUrl base URL of the order-saga-service's internal API
 * @param orderSagaConnectTimeout how long to wait for a TCP connection
 * @param orderSagaReadTimeout how long to wait for the response
 * @param maxRequestBody the largest request body accepted; larger ones get 413 problem+json
 */
@ConfigurationProperties("bff")
public record BffProperties(
		@DefaultValue("http://localhost:8082") URI orderSagaUrl,
		@DefaultValue("2s") Duration orderSagaConnectTimeout,
		@DefaultValue("5s") Duration orderSagaReadTimeout,
		@DefaultValue("64KB") DataSize maxRequestBody) {
}
