package dev.ordersaga.payment.domain;

/** What a customer's account holds, in cents. Never negative. */
public record Balance(String customerId, long cents) {

    public Balance {
        if (cents < 0) {
            throw new IllegalArgumentException("balance of " + customerId + " cannot be negative: " + cents);
        }
    }

    public boolean covers(long amountCents) {
        return amountCents <= cents;
    }

    public Balance debit(long amountCents) {
        requireNotNegative(amountCents);
        if (!covers(amountCents)) {
            throw new IllegalStateException("cannot debit " + Money.format(amountCents) + " from " + customerId
                    + ": balance " + Money.format(cents));
        }
        return new Balance(customerId, cents - amountCents);
    }

    public Balance credit(long amountCents) {
        requireNotNegative(amountCents);
        return new Balance(customerId, Math.addExact(cents, amountCents));
    }

    private void requireNotNegative(long amountCents) {
        if (amountCents < 0) {
            throw new IllegalArgumentException("amount cannot be negative: " + amountCents);
        }
    }
}
