package dev.ordersaga.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final List<StockLevel> STOCK = List.of(
            new StockLevel("A", 1000, 0),
            new StockLevel("B", 500, 495),
            new StockLevel("C", 10, 9));

    @Test
    void reservesEveryLineWhenAllAreAvailable() {
        var decision = Inventory.reserve(List.of(new StockLine("B", 5), new StockLine("A", 2)), STOCK);

        assertThat(decision).isEqualTo(new ReservationDecision.Reserve(
                List.of(new StockLine("A", 2), new StockLine("B", 5))));
    }

    @Test
    void rejectsTheWholeOrderWhenOneLineIsShort() {
        var decision = Inventory.reserve(List.of(new StockLine("A", 1), new StockLine("C", 3)), STOCK);

        assertThat(decision).isEqualTo(
                new ReservationDecision.Reject("not enough stock of C: 3 requested, 1 available"));
    }

    @Test
    void rejectsAnUnknownSku() {
        var decision = Inventory.reserve(List.of(new StockLine("A", 1), new StockLine("Z", 1)), STOCK);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject("unknown SKU Z"));
    }

    @Test
    void namesEveryLineThatCannotBeServedInSkuOrder() {
        var decision = Inventory.reserve(
                List.of(new StockLine("Z", 1), new StockLine("C", 2), new StockLine("B", 6)), STOCK);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject(
                "not enough stock of B: 6 requested, 5 available; not enough stock of C: 2 requested, 1 available; "
                        + "unknown SKU Z"));
    }

    @Test
    void sumsDuplicateSkusBeforeCheckingAvailability() {
        assertThat(Inventory.reserve(List.of(new StockLine("B", 3), new StockLine("A", 1), new StockLine("B", 2)),
                STOCK))
                .isEqualTo(new ReservationDecision.Reserve(List.of(new StockLine("A", 1), new StockLine("B", 5))));

        assertThat(Inventory.reserve(List.of(new StockLine("B", 3), new StockLine("B", 3)), STOCK))
                .isEqualTo(new ReservationDecision.Reject("not enough stock of B: 6 requested, 5 available"));
    }

    @Test
    void sumsDuplicateSkusWithoutOverflowing() {
        var decision = Inventory.reserve(
                List.of(new StockLine("A", Integer.MAX_VALUE), new StockLine("A", Integer.MAX_VALUE)), STOCK);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject(
                "not enough stock of A: 4294967294 requested, 1000 available"));
    }

    @Test
    void takesExactlyTheLastUnits() {
        assertThat(Inventory.reserve(List.of(new StockLine("C", 1)), STOCK))
                .isEqualTo(new ReservationDecision.Reserve(List.of(new StockLine("C", 1))));
        assertThat(Inventory.reserve(List.of(new StockLine("C", 1)), List.of(new StockLevel("C", 10, 10))))
                .isEqualTo(new ReservationDecision.Reject("not enough stock of C: 1 requested, 0 available"));
    }

    @Test
    void rejectsNonPositiveQuantitiesAndEmptyOrders() {
        assertThat(Inventory.reserve(List.of(new StockLine("A", 0), new StockLine("B", -2)), STOCK))
                .isEqualTo(new ReservationDecision.Reject("invalid quantity 0 of A; invalid quantity -2 of B"));
        assertThat(Inventory.reserve(List.of(), STOCK))
                .isEqualTo(new ReservationDecision.Reject("the order has no lines"));
    }

    @Test
    void locksSkusDistinctAndSorted() {
        assertThat(Inventory.skusOf(List.of(new StockLine("C", 1), new StockLine("A", 1), new StockLine("C", 2))))
                .containsExactly("A", "C");
    }
}
