package dev.ordersaga.payment.persistence;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A transaction-scoped PostgreSQL advisory lock per order: commands for the same order (a retry racing
 * the original, say) run one after the other, so "has this order already been charged?" is
 * answered reliably even before the payment row exists. Taken first, before any row lock.
 */
@Component
public class OrderLocks {

    private final JdbcClient jdbc;

    public OrderLocks(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Blocks until this transaction holds the order's lock; released at commit or rollback. */
    public void lock(String orderId) {
        jdbc.sql("SELECT true FROM pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "payment:" + orderId)
                .query(Boolean.class)
                .single();
    }
}
