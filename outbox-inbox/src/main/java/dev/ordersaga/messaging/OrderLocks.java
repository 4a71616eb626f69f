package dev.ordersaga.messaging;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A transaction-scoped PostgreSQL advisory lock per order: commands for the same order (a retry racing
 * the original, say) run one after the other, so "was this order already handled?" is answered reliably
 * even before the order's own row exists. Take it first, before any row lock.
 */
public class OrderLocks {

    private final JdbcClient jdbc;

    public OrderLocks(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Blocks until this transaction holds the order's lock; released at commit or rollback. */
    public void lock(String orderId) {
        jdbc.sql("SELECT true FROM pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "order:" + orderId)
                .query(Boolean.class)
                .single();
    }
}
