package dev.ordersaga.payment.domain;

import java.math.BigDecimal;

/** Amounts are long cents inside the system; people read them as decimals with two places. */
public final class Money {

    private Money() {
    }

    /** {@code 5000 -> 50.00}, {@code 5 -> 0.05}, {@code -5 -> -0.05}. */
    public static BigDecimal toDecimal(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    public static String format(long cents) {
        return toDecimal(cents).toPlainString();
    }
}
