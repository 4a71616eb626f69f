package dev.ordersaga.bff.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * An order as {@code GET /orders/{orderId}} of the order-saga-service returns it. Tolerant reader: fields the BFF
 * does not use ({@code sagaState}, log {@code payload}, anything added later) are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderSnapshot(String orderId, String status, @Nullable String sagaState, String customerId,
		long amountCents, @Nullable List<OrderLine> items, @Nullable Instant createdAt, @Nullable Instant updatedAt,
		@Nullable List<LogEntry> log) {

	/** One step of the saga log. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record LogEntry(String step, String stepId, String type, String status, @Nullable Instant ts,
			@Nullable String error) {
	}

}
