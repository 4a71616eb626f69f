package dev.ordersaga.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one COMPLETED saga costs the broker and the database, counted from the product's code path (the happy path
 * of {@code OrderSaga}; each arrow is a listener calling {@code Inbox.receive}, which runs the handler in one
 * transaction with its {@code processed_events} row and its outbox row):
 *
 * <ol>
 * <li>POST /orders (order-saga): order, order_lines, saga_log, outbox ReserveStock: 1 transaction</li>
 * <li>inventory handles ReserveStock: processed_events, reservation, outbox StockReserved: 1</li>
 * <li>order-saga handles StockReserved: processed_events, order, saga_log, outbox ChargePayment: 1</li>
 * <li>payment handles ChargePayment: processed_events, account, payment, outbox PaymentCharged: 1</li>
 * <li>order-saga handles PaymentCharged: processed_events, order, saga_log, outbox CommitStock: 1</li>
 * <li>inventory handles CommitStock: processed_events, reservation, product, outbox StockCommitted: 1</li>
 * <li>order-saga handles StockCommitted: processed_events, order, saga_log (no outbox row): 1</li>
 * </ol>
 *
 * Messages: ReserveStock, StockReserved, ChargePayment, PaymentCharged, CommitStock, StockCommitted: 6, each
 * produced once and consumed once (one Key_Shared subscription per topic). The relays' own "mark SENT"
 * transactions are batched (up to {@code messaging.relay.batch-size} rows each) and are product overhead, so the
 * bound leaves them out: with one row per relay transaction they would add up to 6 more.
 */
final class SagaCounts {

    static final int MESSAGES_PER_SAGA = 6;
    static final int TRANSACTIONS_PER_SAGA = 7;
    static final int RELAY_TRANSACTIONS_PER_SAGA_UNBATCHED = 6;

    static final List<String> TRANSACTIONS = List.of(
            "order-saga: place order (order, lines, saga_log, outbox ReserveStock)",
            "inventory: ReserveStock (processed_events, reservation, outbox StockReserved)",
            "order-saga: StockReserved (processed_events, order, saga_log, outbox ChargePayment)",
            "payment: ChargePayment (processed_events, account, payment, outbox PaymentCharged)",
            "order-saga: PaymentCharged (processed_events, order, saga_log, outbox CommitStock)",
            "inventory: CommitStock (processed_events, reservation, product, outbox StockCommitted)",
            "order-saga: StockCommitted (processed_events, order, saga_log)");
    static final List<String> MESSAGES = List.of("ReserveStock", "StockReserved", "ChargePayment", "PaymentCharged",
            "CommitStock", "StockCommitted");

    private SagaCounts() {
    }

    static Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages_per_saga", MESSAGES_PER_SAGA);
        json.put("messages", MESSAGES);
        json.put("transactions_per_saga", TRANSACTIONS_PER_SAGA);
        json.put("transactions", TRANSACTIONS);
        json.put("relay_mark_sent_transactions_not_counted", "up to " + RELAY_TRANSACTIONS_PER_SAGA_UNBATCHED
                + " (batched, product overhead)");
        return json;
    }
}
