package dev.ordersaga.bff.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.bff.client.OrderSnapshot;

/**
 * An order as the public API shows it: a decimal {@code amount} instead of cents, no internal saga state, the log
 * oldest first.
 */
public record OrderView(String orderId, String status, String customerId, BigDecimal amount, List<Line> items,
		@Nullable Instant createdAt, @Nullable Instant updatedAt, List<LogEntry> log) {

	/** Stable: entries with equal (or missing) timestamps keep the order-saga-service's order. */
	private static final Comparator<OrderSnapshot.LogEntry> OLDEST_FIRST = Comparator
		.comparing(OrderSnapshot.LogEntry::ts, Comparator.nullsLast(Comparator.naturalOrder()));

	static OrderView from(OrderSnapshot order) {
		List<Line> items = (order.items() != null) ? order.items().stream().map((l) -> new Line(l.sku(), l.qty())).toList()
				: List.of();
		List<LogEntry> log = (order.log() != null) ? order.log()
			.stream()
			.sorted(OLDEST_FIRST)
			.map((e) -> new LogEntry(e.step(), e.stepId(), e.type(), e.status(), e.ts(), e.error()))
			.toList() : List.of();
		return new OrderView(order.orderId(), order.status(), order.customerId(),
				BigDecimal.valueOf(order.amountCents(), 2), items, order.createdAt(), order.updatedAt(), log);
	}

	/** One order line. */
	public record Line(String sku, int qty) {
	}

	/** One step of the saga; {@code error} is null unless the step failed. */
	public record LogEntry(String step, String stepId, String type, String status, @Nullable Instant ts,
			@Nullable String error) {
	}

}
