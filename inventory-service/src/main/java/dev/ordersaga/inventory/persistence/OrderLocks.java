package dev.ordersaga.inventory.persistence;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A transaction-scoped PostgreSQL advisory lock per order: commands for the same order (a retry racing
 * the original, say) run one after the other, so "does this order already have a reservation?" is
 * answered reliably even before the reservation row exists. Taken first, before any row lock.
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
                .param("key", "inventory:" + orderId)
                .query(Boolean.class)
                .single();
    }
}
