package dev.ordersaga.payment.domain;

import java.util.Optional;

/** The charging rule: an account pays an order only if its balance covers the whole amount. */
public final class Payments {

    private Payments() {
    }

    /**
     * @param account the customer's current balance, or empty if there is no such customer
     */
    public static ChargeDecision charge(String customerId, long amountCents, Optional<Balance> account) {
        if (amountCents < 0) {
            return new ChargeDecision.Decline("invalid amount " + Money.format(amountCents));
        }
        if (account.isEmpty()) {
            return new ChargeDecision.Decline("unknown customer " + customerId);
        }
        Balance balance = account.get();
        if (!balance.covers(amountCents)) {
            return new ChargeDecision.Decline("insufficient funds: balance " + Money.format(balance.cents())
                    + ", amount " + Money.format(amountCents));
        }
        return new ChargeDecision.Charge(amountCents, balance.debit(amountCents));
    }
}
