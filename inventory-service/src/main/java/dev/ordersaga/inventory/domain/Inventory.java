package dev.ordersaga.inventory.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reservation rule: an order gets all of its lines or nothing. */
public final class Inventory {

    private Inventory() {
    }

    /**
     * The SKUs an order touches, distinct and sorted: the order in which their rows must be locked,
     * so that two orders never wait on each other's rows.
     */
    public static List<String> skusOf(Collection<StockLine> lines) {
        return lines.stream().map(StockLine::sku).distinct().sorted().toList();
    }

    /**
     * Decides whether an order's lines can all be reserved.
     *
     * @param requested the order's lines; the same SKU may appear more than once (its quantities are summed)
     * @param stock the current level of (at least) every SKU that exists among the requested ones
     * @return {@link ReservationDecision.Reserve} with one line per SKU in SKU order, or
     *         {@link ReservationDecision.Reject} naming every line that cannot be served
     */
    public static ReservationDecision reserve(List<StockLine> requested, Collection<StockLevel> stock) {
        if (requested.isEmpty()) {
            return new ReservationDecision.Reject("the order has no lines");
        }
        List<String> problems = new ArrayList<>();
        for (StockLine line : requested) {
            if (line.qty() <= 0) {
                problems.add("invalid quantity " + line.qty() + " of " + line.sku());
            }
        }
        if (!problems.isEmpty()) {
            return new ReservationDecision.Reject(String.join("; ", problems));
        }

        Map<String, Long> wanted = new TreeMap<>();
        requested.forEach(line -> wanted.merge(line.sku(), (long) line.qty(), Long::sum));
        Map<String, StockLevel> levels = stock.stream()
                .collect(Collectors.toMap(StockLevel::sku, Function.identity(), (a, b) -> a));

        List<StockLine> lines = new ArrayList<>(wanted.size());
        wanted.forEach((sku, qty) -> {
            StockLevel level = levels.get(sku);
            if (level == null) {
                problems.add("unknown SKU " + sku);
            }
            else if (qty > level.available()) {
                problems.add("not enough stock of " + sku + ": " + qty + " requested, " + level.available()
                        + " available");
            }
            else {
                lines.add(new StockLine(sku, (int) (long) qty));
            }
        });
        return problems.isEmpty()
                ? new ReservationDecision.Reserve(lines)
                : new ReservationDecision.Reject(String.join("; ", problems));
    }
}
