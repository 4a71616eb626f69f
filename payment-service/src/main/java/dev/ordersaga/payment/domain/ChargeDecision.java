package dev.ordersaga.payment.domain;

/** What {@link Payments#charge} decided. */
public sealed interface ChargeDecision {

    /** Take the amount: the account's balance becomes {@code after}. */
    record Charge(long amountCents, Balance after) implements ChargeDecision {
    }

    /** Take nothing, for the given reason. */
    record Decline(String reason) implements ChargeDecision {
    }
}
