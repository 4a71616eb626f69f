package dev.ordersaga.messaging;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the outbox and the inbox from growing without bound: deletes SENT outbox rows and
 * processed_events rows older than their retention, in small batches so no long lock is held.
 * PENDING and FAILED outbox rows are never deleted. The inbox's retention must outlast any
 * redelivery of an event, or a late duplicate would be handled again.
 */
public class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final JdbcTemplate jdbc;
    private final MessagingProperties.Housekeeping settings;
    private ScheduledExecutorService scheduler;

    public Housekeeping(DataSource dataSource, MessagingProperties.Housekeeping settings) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.settings = settings;
    }

    /** One pass over both tables; returns how many rows it deleted. */
    public int runOnce() {
        int outbox = deleteInBatches("""
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox WHERE status = 'SENT' AND sent_at < now() - ? * interval '1 millisecond'
                     LIMIT ?)""", settings.getSentOutboxRetention());
        int inbox = deleteInBatches("""
                DELETE FROM processed_events WHERE (consumer, event_id) IN (
                    SELECT consumer, event_id FROM processed_events
                     WHERE processed_at < now() - ? * interval '1 millisecond' LIMIT ?)""",
                settings.getProcessedEventRetention());
        if (outbox + inbox > 0) {
            log.debug("Housekeeping deleted {} sent outbox rows and {} processed_events rows", outbox, inbox);
        }
        return outbox + inbox;
    }

    private int deleteInBatches(String sql, Duration retention) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, retention.toMillis(), settings.getBatchSize());
            total += deleted;
        } while (deleted == settings.getBatchSize());
        return total;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.getInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            }
            catch (RuntimeException e) {
                log.warn("Housekeeping of outbox and processed_events failed; trying again in {} ms: {}", every,
                        e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
