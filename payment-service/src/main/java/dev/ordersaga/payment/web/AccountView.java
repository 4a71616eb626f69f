package dev.ordersaga.payment.web;

import java.math.BigDecimal;

import dev.ordersaga.payment.domain.Money;
import dev.ordersaga.payment.persistence.Account;

/** An account as the HTTP API shows it: {@code balance} is a number with two decimals, {@code balanceCents} exact. */
public record AccountView(String customerId, String name, BigDecimal balance, long balanceCents) {

    static AccountView of(Account account) {
        return new AccountView(account.getCustomerId(), account.getName(), Money.toDecimal(account.getBalanceCents()),
                account.getBalanceCents());
    }
}
