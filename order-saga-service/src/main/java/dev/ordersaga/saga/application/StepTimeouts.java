package dev.ordersaga.saga.application;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Times out overdue saga steps: every {@code saga.timeout-check-interval} it claims up to 100 sagas whose
 * step deadline has passed (skipping rows another transaction holds) and applies StepTimedOut to each, one
 * transaction per saga, through {@link OrderSagaService#timeOut(UUID)}, which re-checks the deadline under
 * the row lock (so a reply applied in between wins). Off with {@code saga.timeouts.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "saga.timeouts.enabled", havingValue = "true", matchIfMissing = true)
public class StepTimeouts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StepTimeouts.class);

    static final String CLAIM_OVERDUE = "SELECT order_id FROM orders WHERE status = 'PENDING' "
            + "AND step_deadline < now() ORDER BY step_deadline LIMIT 100 FOR UPDATE SKIP LOCKED";

    private final OrderSagaService sagas;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public StepTimeouts(OrderSagaService sagas, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Value("${saga.timeout-check-interval:1s}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("saga.timeout-check-interval must be positive: " + interval);
        }
        this.sagas = sagas;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.interval = interval;
    }

    /** One pass: times out every overdue step claimed. @return how many steps timed out */
    public int timeOutOverdueSteps() {
        List<UUID> overdue = transaction.execute(status -> jdbc.queryForList(CLAIM_OVERDUE, UUID.class));
        int timedOut = 0;
        for (UUID orderId : overdue == null ? List.<UUID>of() : overdue) {
            try {
                if (sagas.timeOut(orderId)) {
                    timedOut++;
                }
            }
            catch (RuntimeException e) {
                log.warn("Order {}: could not time out its current step; next check retries it", orderId, e);
            }
        }
        return timedOut;
    }

    private void check() {
        try {
            timeOutOverdueSteps();
        }
        catch (RuntimeException e) {
            log.warn("Checking for overdue saga steps failed; retrying in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "saga-step-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
