package dev.ordersaga.payment.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.ChargePayment;
import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.PaymentCharged;
import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.PaymentDeclined;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.contracts.PaymentRefunded;
import dev.ordersaga.contracts.RefundPayment;
import dev.ordersaga.messaging.outbox.OutboxWriter;
import dev.ordersaga.payment.domain.Balance;
import dev.ordersaga.payment.domain.ChargeDecision;
import dev.ordersaga.payment.domain.Money;
import dev.ordersaga.payment.domain.PaymentStatus;
import dev.ordersaga.payment.domain.Payments;
import dev.ordersaga.payment.persistence.Account;
import dev.ordersaga.payment.persistence.AccountRepository;
import dev.ordersaga.messaging.OrderLocks;
import dev.ordersaga.payment.persistence.Payment;
import dev.ordersaga.payment.persistence.PaymentRepository;

/**
 * Applies one payment command and appends its reply to the outbox, in one transaction (the inbox's, when
 * called from the listener). Every command for an order first takes the order's lock, then the payment
 * row, then the account row.
 */
@Service
public class PaymentCommandService {

    private static final Logger log = LoggerFactory.getLogger(PaymentCommandService.class);

    private final AccountRepository accounts;
    private final PaymentRepository payments;
    private final OrderLocks orderLocks;
    private final OutboxWriter outbox;

    public PaymentCommandService(AccountRepository accounts, PaymentRepository payments, OrderLocks orderLocks,
            OutboxWriter outbox) {
        this.accounts = accounts;
        this.payments = payments;
        this.orderLocks = orderLocks;
        this.outbox = outbox;
    }

    @Transactional
    public void handle(PaymentCommand command) {
        orderLocks.lock(command.getOrderId());
        Object payload = command.getPayload();
        if (payload instanceof ChargePayment charge) {
            charge(command, charge);
        }
        else if (payload instanceof RefundPayment refund) {
            refund(command, refund);
        }
        else {
            throw new IllegalArgumentException("unsupported payment command " + Envelopes.type(command));
        }
    }

    private void charge(PaymentCommand command, ChargePayment charge) {
        String orderId = command.getOrderId();
        String customerId = charge.getCustomerId();
        long amount = charge.getAmountCents();

        Payment existing = payments.lockByOrderId(orderId).orElse(null);
        if (existing != null && existing.getStatus() == PaymentStatus.CANCELLED) {
            String reason = "the order was cancelled before it was charged (" + existing.getReason() + ")";
            log.info("Order {}: ChargePayment of {} by {} declined, {}", orderId, Money.format(amount), customerId,
                    reason);
            reply(command, new PaymentDeclined(customerId, amount, reason));
            return;
        }
        if (existing != null) {
            if (!existing.getCustomerId().equals(customerId) || existing.getAmountCents() != amount) {
                log.warn("Order {}: ChargePayment for {} of {} but the order's payment is {} of {}; "
                        + "replying the recorded outcome", orderId, customerId, Money.format(amount),
                        existing.getCustomerId(), Money.format(existing.getAmountCents()));
            }
            replyRecordedCharge(command, existing);
            return;
        }

        Account account = amount < 0 ? null : accounts.lockById(customerId).orElse(null);
        ChargeDecision decision = Payments.charge(customerId, amount,
                Optional.ofNullable(account).map(Account::balance));
        if (decision instanceof ChargeDecision.Charge charged) {
            account.apply(charged.after());
            payments.save(Payment.charged(orderId, customerId, amount));
            log.info("Order {}: charged {} to {} (balance now {})", orderId, Money.format(amount), customerId,
                    Money.format(charged.after().cents()));
            reply(command, new PaymentCharged(customerId, amount));
        }
        else {
            String reason = ((ChargeDecision.Decline) decision).reason();
            if (amount >= 0) {
                // A negative amount cannot be stored (amount_cents >= 0); declining it again on a retry is the same answer.
                payments.save(Payment.declined(orderId, customerId, amount, reason));
            }
            log.info("Order {}: payment of {} by {} declined ({})", orderId, Money.format(amount), customerId, reason);
            reply(command, new PaymentDeclined(customerId, amount, reason));
        }
    }

    private void replyRecordedCharge(PaymentCommand command, Payment payment) {
        String orderId = payment.getOrderId();
        if (payment.getStatus().wasCharged()) {
            log.info("Order {}: already charged {} to {} (now {}); replying PaymentCharged again", orderId,
                    Money.format(payment.getAmountCents()), payment.getCustomerId(), payment.getStatus());
            reply(command, new PaymentCharged(payment.getCustomerId(), payment.getAmountCents()));
        }
        else {
            log.info("Order {}: payment already declined ({}); replying PaymentDeclined again", orderId,
                    payment.getReason());
            reply(command, new PaymentDeclined(payment.getCustomerId(), payment.getAmountCents(), payment.getReason()));
        }
    }

    private void refund(PaymentCommand command, RefundPayment refund) {
        String orderId = command.getOrderId();
        Payment payment = payments.lockByOrderId(orderId).orElse(null);
        if (payment == null) {
            // The saga gave up on a charge that has not arrived (or was redelivered behind this refund): record the
            // refund, so that charge is declined whenever it comes.
            payments.save(Payment.cancelled(orderId, refund.getReason()));
            log.info("Order {}: refunded before any charge ({}); a later ChargePayment will be declined", orderId,
                    refund.getReason());
            reply(command, new PaymentRefunded("", 0L));
            return;
        }
        String customerId = payment.getCustomerId();
        switch (payment.getStatus()) {
            case CHARGED -> {
                Account account = accounts.lockById(customerId).orElseThrow(() -> new IllegalStateException(
                        "order " + orderId + " was charged to " + customerId + " but the account no longer exists"));
                Balance after = account.balance().credit(payment.getAmountCents());
                account.apply(after);
                payment.refunded(refund.getReason());
                log.info("Order {}: refunded {} to {} (balance now {}) because {}", orderId,
                        Money.format(payment.getAmountCents()), customerId, Money.format(after.cents()),
                        refund.getReason());
                reply(command, new PaymentRefunded(customerId, payment.getAmountCents()));
            }
            case REFUNDED -> {
                log.info("Order {}: already refunded {} to {}; replying PaymentRefunded again", orderId,
                        Money.format(payment.getAmountCents()), customerId);
                reply(command, new PaymentRefunded(customerId, payment.getAmountCents()));
            }
            case DECLINED -> {
                log.info("Order {}: nothing to refund, the payment was declined ({})", orderId, refund.getReason());
                reply(command, new PaymentRefunded(customerId, 0L));
            }
            case CANCELLED -> {
                log.info("Order {}: nothing to refund, the charge was already cancelled ({})", orderId,
                        refund.getReason());
                reply(command, new PaymentRefunded("", 0L));
            }
        }
    }

    private void reply(PaymentCommand command, Object payload) {
        outbox.append(PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId(command.getOrderId())
                .setStepId(command.getStepId())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(payload)
                .build());
    }
}
