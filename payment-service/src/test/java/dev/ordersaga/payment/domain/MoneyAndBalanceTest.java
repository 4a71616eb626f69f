package dev.ordersaga.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class MoneyAndBalanceTest {

    @Test
    void formatsCentsWithTwoDecimals() {
        assertThat(Money.format(1000000)).isEqualTo("10000.00");
        assertThat(Money.format(5000)).isEqualTo("50.00");
        assertThat(Money.format(5)).isEqualTo("0.05");
        assertThat(Money.format(0)).isEqualTo("0.00");
        assertThat(Money.format(-123)).isEqualTo("-1.23");
        assertThat(Money.toDecimal(1999)).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    void debitAndCreditMoveTheBalance() {
        Balance balance = new Balance("bob", 5000);
        assertThat(balance.debit(1200)).isEqualTo(new Balance("bob", 3800));
        assertThat(balance.credit(1200)).isEqualTo(new Balance("bob", 6200));
    }

    @Test
    void aBalanceNeverGoesNegative() {
        assertThatThrownBy(() -> new Balance("bob", 5000).debit(5001)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot debit 50.01 from bob: balance 50.00");
        assertThatThrownBy(() -> new Balance("bob", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Balance("bob", 1).credit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyADeclinedPaymentWasNeverCharged() {
        assertThat(PaymentStatus.CHARGED.wasCharged()).isTrue();
        assertThat(PaymentStatus.REFUNDED.wasCharged()).isTrue();
        assertThat(PaymentStatus.DECLINED.wasCharged()).isFalse();
    }
}
