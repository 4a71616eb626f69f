package dev.ordersaga.payment.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.contracts.ChargePayment;
import dev.ordersaga.contracts.Envelopes;
import dev.ordersaga.contracts.PaymentCharged;
import dev.ordersaga.contracts.PaymentCommand;
import dev.ordersaga.contracts.PaymentDeclined;
import dev.ordersaga.contracts.PaymentEvent;
import dev.ordersaga.contracts.PaymentRefunded;
import dev.ordersaga.contracts.RefundPayment;
import dev.ordersaga.messaging.MessageSchemas;
import dev.ordersaga.payment.PostgresTest;

/** The application service against a real PostgreSQL: balances, payments and the replies in the outbox. */
class PaymentCommandServiceTest extends PostgresTest {

    @Autowired
    PaymentCommandService service;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentChargesAgainstOneAccountNeverOverdrawIt() throws Exception {
        String customer = newAccount(5000);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(newOrderId());
        }

        runConcurrently(orders.stream()
                .<Runnable>map(order -> () -> service.handle(command(order, new ChargePayment(customer, 1000L))))
                .toList());

        assertThat(countReplies(orders, "PaymentCharged")).isEqualTo(5);
        assertThat(countReplies(orders, "PaymentDeclined")).isEqualTo(25);
        assertThat(balance(customer)).isZero();
        assertThat(jdbc.queryForObject("SELECT sum(amount_cents) FROM payments WHERE status = 'CHARGED' AND customer_id = ?",
                Long.class, customer)).isEqualTo(5000L);
        assertThat(jdbc.queryForList("SELECT DISTINCT reason FROM payments WHERE status = 'DECLINED' AND customer_id = ?",
                String.class, customer)).containsExactly("insufficient funds: balance 0.00, amount 10.00");
    }

    @Test
    void aChargeRetriedForTheSameOrderChargesOnce() {
        String customer = newAccount(5000);
        String order = newOrderId();

        service.handle(command(order, new ChargePayment(customer, 1999L)));
        PaymentCommand retry = command(order, new ChargePayment(customer, 1999L));
        service.handle(retry);

        List<PaymentEvent> replies = replies(order);
        assertThat(replies).extracting(PaymentEvent::getPayload).containsExactly(
                new PaymentCharged(customer, 1999L), new PaymentCharged(customer, 1999L));
        assertThat(replies.get(1).getStepId()).isEqualTo(retry.getStepId());
        assertThat(balance(customer)).isEqualTo(3001L);
    }

    @Test
    void concurrentRetriesOfOneChargeChargeOnce() throws Exception {
        String customer = newAccount(5000);
        String order = newOrderId();
        List<Runnable> retries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            retries.add(() -> service.handle(command(order, new ChargePayment(customer, 1000L))));
        }

        runConcurrently(retries);

        assertThat(replies(order)).hasSize(8).extracting(PaymentEvent::getPayload)
                .containsOnly(new PaymentCharged(customer, 1000L));
        assertThat(balance(customer)).isEqualTo(4000L);
    }

    @Test
    void aRetriedDeclinedChargeIsDeclinedAgainEvenIfMoneyArrivedSince() {
        String customer = newAccount(5000);
        String order = newOrderId();
        service.handle(command(order, new ChargePayment(customer, 12000L)));
        jdbc.update("UPDATE accounts SET balance_cents = 100000 WHERE customer_id = ?", customer);

        service.handle(command(order, new ChargePayment(customer, 12000L)));

        PaymentDeclined declined = new PaymentDeclined(customer, 12000L,
                "insufficient funds: balance 50.00, amount 120.00");
        assertThat(replies(order)).extracting(PaymentEvent::getPayload).containsExactly(declined, declined);
        assertThat(balance(customer)).isEqualTo(100000L);
    }

    @Test
    void anUnknownCustomerIsDeclinedAndRecorded() {
        String order = newOrderId();

        service.handle(command(order, new ChargePayment("nobody", 100L)));

        assertThat(onlyReply(order).getPayload())
                .isEqualTo(new PaymentDeclined("nobody", 100L, "unknown customer nobody"));
        assertThat(paymentStatus(order)).isEqualTo("DECLINED");
    }

    @Test
    void aNegativeAmountIsDeclinedWithoutTouchingTheAccount() {
        String customer = newAccount(5000);
        String order = newOrderId();

        service.handle(command(order, new ChargePayment(customer, -100L)));

        assertThat(onlyReply(order).getPayload())
                .isEqualTo(new PaymentDeclined(customer, -100L, "invalid amount -1.00"));
        assertThat(balance(customer)).isEqualTo(5000L);
        assertThat(paymentStatus(order)).isNull();
    }

    @Test
    void refundingTwiceGivesTheMoneyBackOnce() {
        String customer = newAccount(5000);
        String order = newOrderId();
        service.handle(command(order, new ChargePayment(customer, 1500L)));

        service.handle(command(order, new RefundPayment("out of stock")));
        service.handle(command(order, new RefundPayment("out of stock")));

        assertThat(replies(order)).extracting(PaymentEvent::getPayload).containsExactly(
                new PaymentCharged(customer, 1500L),
                new PaymentRefunded(customer, 1500L),
                new PaymentRefunded(customer, 1500L));
        assertThat(balance(customer)).isEqualTo(5000L);
        assertThat(paymentStatus(order)).isEqualTo("REFUNDED");
    }

    @Test
    void concurrentRefundsGiveTheMoneyBackOnce() throws Exception {
        String customer = newAccount(5000);
        String order = newOrderId();
        service.handle(command(order, new ChargePayment(customer, 1500L)));
        List<Runnable> refunds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            refunds.add(() -> service.handle(command(order, new RefundPayment("out of stock"))));
        }

        runConcurrently(refunds);

        assertThat(countReplies(List.of(order), "PaymentRefunded")).isEqualTo(8);
        assertThat(balance(customer)).isEqualTo(5000L);
    }

    @Test
    void refundingWhatWasNeverChargedChangesNothing() {
        String customer = newAccount(100);
        String declined = newOrderId();
        String unknown = newOrderId();
        service.handle(command(declined, new ChargePayment(customer, 500L)));

        service.handle(command(declined, new RefundPayment("saga aborted")));
        service.handle(command(unknown, new RefundPayment("saga aborted")));

        assertThat(replies(declined).get(1).getPayload()).isEqualTo(new PaymentRefunded(customer, 0L));
        assertThat(onlyReply(unknown).getPayload()).isEqualTo(new PaymentRefunded("", 0L));
        assertThat(paymentStatus(declined)).isEqualTo("DECLINED");
        assertThat(paymentStatus(unknown)).isEqualTo("CANCELLED");
        assertThat(balance(customer)).isEqualTo(100L);
    }

    @Test
    void aChargeThatComesAfterTheRefundCancellingItIsDeclinedAndChargesNothing() {
        String customer = newAccount(5000);
        String order = newOrderId();
        // The saga timed out the charge and cancelled it; the charge arrives afterwards (redelivered, replayed).
        service.handle(command(order, new RefundPayment("charge step timed out")));

        service.handle(command(order, new ChargePayment(customer, 1500L)));
        service.handle(command(order, new ChargePayment(customer, 1500L)));
        service.handle(command(order, new RefundPayment("charge step timed out")));

        String declined = "the order was cancelled before it was charged (charge step timed out)";
        assertThat(replies(order)).extracting(PaymentEvent::getPayload).containsExactly(
                new PaymentRefunded("", 0L),
                new PaymentDeclined(customer, 1500L, declined),
                new PaymentDeclined(customer, 1500L, declined),
                new PaymentRefunded("", 0L));
        assertThat(balance(customer)).isEqualTo(5000L);
        assertThat(paymentStatus(order)).isEqualTo("CANCELLED");
    }

    @Test
    void aChargeFollowedByTheRefundCancellingItTakesNothing() {
        String customer = newAccount(5000);
        String order = newOrderId();

        service.handle(command(order, new ChargePayment(customer, 1500L)));
        service.handle(command(order, new RefundPayment("charge step timed out")));

        assertThat(balance(customer)).isEqualTo(5000L);
        assertThat(paymentStatus(order)).isEqualTo("REFUNDED");
    }

    @Test
    void aChargeRetriedAfterItsRefundChargesNothingMore() {
        String customer = newAccount(5000);
        String order = newOrderId();
        service.handle(command(order, new ChargePayment(customer, 1000L)));
        service.handle(command(order, new RefundPayment("out of stock")));

        service.handle(command(order, new ChargePayment(customer, 1000L)));

        assertThat(replies(order).get(2).getPayload()).isEqualTo(new PaymentCharged(customer, 1000L));
        assertThat(balance(customer)).isEqualTo(5000L);
        assertThat(paymentStatus(order)).isEqualTo("REFUNDED");
    }

    @Test
    void repliesCarryTheCommandsOrderAndStepWithANewEventId() {
        String customer = newAccount(5000);
        String order = newOrderId();
        PaymentCommand command = command(order, new ChargePayment(customer, 100L));

        service.handle(command);

        // decoded exactly as a consumer's Pulsar schema does
        PaymentEvent reply = MessageSchemas.of(PaymentEvent.class).decode(jdbc.queryForObject(
                "SELECT payload FROM outbox WHERE aggregate_id = ?", byte[].class, order));
        assertThat(reply.getPayload()).isEqualTo(new PaymentCharged(customer, 100L));
        assertThat(reply.getOrderId()).isEqualTo(order);
        assertThat(reply.getStepId()).isEqualTo(command.getStepId());
        assertThat(reply.getEventId()).isNotEqualTo(command.getEventId());
        assertThat(UUID.fromString(reply.getEventId())).isNotNull();
        assertThat(jdbc.queryForObject("SELECT topic FROM outbox WHERE aggregate_id = ?", String.class, order))
                .isEqualTo("payment.events");
    }

    @Test
    void theDatabaseRefusesANegativeBalance() {
        String customer = newAccount(10);

        assertThatThrownBy(() -> jdbc.update("UPDATE accounts SET balance_cents = -1 WHERE customer_id = ?", customer))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("accounts_balance_not_negative");
    }

    // --- helpers

    private String newAccount(long balanceCents) {
        String customer = "cust-" + UUID.randomUUID();
        jdbc.update("INSERT INTO accounts (customer_id, name, balance_cents) VALUES (?, 'Test customer', ?)", customer,
                balanceCents);
        return customer;
    }

    private static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    private static PaymentCommand command(String orderId, Object payload) {
        return PaymentCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOrderId(orderId)
                .setStepId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setSchemaVersion(Envelopes.SCHEMA_VERSION)
                .setPayload(payload)
                .build();
    }

    /** Starts every task at once and rethrows the first failure. */
    private static void runConcurrently(List<Runnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (Runnable task : tasks) {
                results.add(pool.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    private long balance(String customer) {
        return jdbc.queryForObject("SELECT balance_cents FROM accounts WHERE customer_id = ?", Long.class, customer);
    }

    private String paymentStatus(String orderId) {
        return jdbc.queryForList("SELECT status FROM payments WHERE order_id = ?", String.class, orderId)
                .stream().findFirst().orElse(null);
    }

    private int countReplies(List<String> orders, String eventType) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE aggregate_id = ANY (?) AND event_type = ?",
                Integer.class, orders.toArray(String[]::new), eventType);
    }

    /** The order's replies in the outbox, decoded with plain Avro. */
    private List<PaymentEvent> replies(String orderId) {
        return jdbc.query("SELECT payload FROM outbox WHERE aggregate_id = ? ORDER BY id",
                (rs, i) -> decode(rs.getBytes("payload")), orderId);
    }

    private static PaymentEvent decode(byte[] payload) {
        try {
            return new SpecificDatumReader<>(PaymentEvent.class)
                    .read(null, DecoderFactory.get().binaryDecoder(payload, null));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PaymentEvent onlyReply(String orderId) {
        List<PaymentEvent> replies = replies(orderId);
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }
}
