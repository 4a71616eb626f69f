package dev.ordersaga.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PaymentsTest {

    private static final Optional<Balance> BOB = Optional.of(new Balance("bob", 5000));

    @Test
    void chargesWhenTheBalanceCoversTheAmount() {
        assertThat(Payments.charge("bob", 1250, BOB))
                .isEqualTo(new ChargeDecision.Charge(1250, new Balance("bob", 3750)));
    }

    @Test
    void chargesTheWholeBalance() {
        assertThat(Payments.charge("bob", 5000, BOB))
                .isEqualTo(new ChargeDecision.Charge(5000, new Balance("bob", 0)));
    }

    @Test
    void declinesWhenTheBalanceFallsShortByOneCent() {
        assertThat(Payments.charge("bob", 5001, BOB))
                .isEqualTo(new ChargeDecision.Decline("insufficient funds: balance 50.00, amount 50.01"));
    }

    @Test
    void declinesAnEmptyAccount() {
        assertThat(Payments.charge("carol", 5, Optional.of(new Balance("carol", 0))))
                .isEqualTo(new ChargeDecision.Decline("insufficient funds: balance 0.00, amount 0.05"));
    }

    @Test
    void declinesAnUnknownCustomer() {
        assertThat(Payments.charge("mallory", 100, Optional.empty()))
                .isEqualTo(new ChargeDecision.Decline("unknown customer mallory"));
    }

    @Test
    void declinesANegativeAmount() {
        assertThat(Payments.charge("bob", -5, BOB)).isEqualTo(new ChargeDecision.Decline("invalid amount -0.05"));
    }

    @Test
    void aZeroAmountIsCharged() {
        assertThat(Payments.charge("carol", 0, Optional.of(new Balance("carol", 0))))
                .isEqualTo(new ChargeDecision.Charge(0, new Balance("carol", 0)));
    }
}
