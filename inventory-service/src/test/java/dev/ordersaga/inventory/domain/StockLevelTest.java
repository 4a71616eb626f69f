package dev.ordersaga.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StockLevelTest {

    @Test
    void availableIsOnHandMinusReserved() {
        assertThat(new StockLevel("C", 10, 3).available()).isEqualTo(7);
    }

    @Test
    void reservingReleasingAndCommittingMoveTheRightCounters() {
        StockLevel level = new StockLevel("C", 10, 0).reserve(4);
        assertThat(level).isEqualTo(new StockLevel("C", 10, 4));
        assertThat(level.release(1)).isEqualTo(new StockLevel("C", 10, 3));
        assertThat(level.commit(4)).isEqualTo(new StockLevel("C", 6, 0));
    }

    @Test
    void neverReservesMoreThanOnHand() {
        assertThatThrownBy(() -> new StockLevel("C", 10, 8).reserve(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot reserve 3 of C: 2 available");
        assertThatThrownBy(() -> new StockLevel("C", 10, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverReleasesOrCommitsMoreThanReserved() {
        assertThatThrownBy(() -> new StockLevel("C", 10, 2).release(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new StockLevel("C", 10, 2).commit(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new StockLevel("C", 10, 2).reserve(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
