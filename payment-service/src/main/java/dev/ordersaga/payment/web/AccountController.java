package dev.ordersaga.payment.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.ordersaga.payment.persistence.AccountRepository;

/** Read-only view of the accounts. Balances change only through payment.commands. */
@RestController
@RequestMapping("/accounts")
public class AccountController {

    private final AccountRepository accounts;

    public AccountController(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/{customerId}")
    public AccountView get(@PathVariable String customerId) {
        return accounts.findById(customerId)
                .map(AccountView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "unknown customer " + customerId));
    }
}
