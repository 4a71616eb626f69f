package dev.ordersaga.saga.application;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.messaging.OrderLocks;
import dev.ordersaga.messaging.outbox.OutboxWriter;
import dev.ordersaga.saga.domain.Decision;
import dev.ordersaga.saga.domain.LogEntry;
import dev.ordersaga.saga.domain.OrderLine;
import dev.ordersaga.saga.domain.OrderSaga;
import dev.ordersaga.saga.domain.OrderStatus;
import dev.ordersaga.saga.domain.Saga;
import dev.ordersaga.saga.domain.SagaEvent;
import dev.ordersaga.saga.domain.SagaState;
import dev.ordersaga.saga.messaging.SagaMessages;
import dev.ordersaga.saga.persistence.OrderEntity;
import dev.ordersaga.saga.persistence.OrderRepository;
import dev.ordersaga.saga.persistence.SagaLogEntity;
import dev.ordersaga.saga.persistence.SagaLogRepository;

/**
 * Runs the saga's decisions: loads the saga, asks {@link OrderSaga} what to do, and stores the new
 * state, the saga_log rows and the next command (in the outbox) in one transaction. Whenever the saga
 * waits for a reply, the order's step_deadline is now + {@code saga.step-timeout}; {@link StepTimeouts}
 * turns an overdue step into a {@link SagaEvent.StepTimedOut} through {@link #timeOut(UUID)}.
 */
@Service
public class OrderSagaService {

    private static final Logger log = LoggerFactory.getLogger(OrderSagaService.class);

    private final OrderSaga orderSaga;
    private final OrderRepository orders;
    private final SagaLogRepository sagaLog;
    private final OutboxWriter outbox;
    private final OrderLocks orderLocks;
    private final Duration stepTimeout;

    public OrderSagaService(OrderRepository orders, SagaLogRepository sagaLog, OutboxWriter outbox,
            OrderLocks orderLocks, @Value("${saga.step-timeout:30s}") Duration stepTimeout,
            @Value("${saga.max-compensation-attempts:" + OrderSaga.DEFAULT_MAX_COMPENSATION_ATTEMPTS + "}")
            int maxCompensationAttempts) {
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("saga.step-timeout must be positive: " + stepTimeout);
        }
        this.orders = orders;
        this.sagaLog = sagaLog;
        this.outbox = outbox;
        this.orderLocks = orderLocks;
        this.stepTimeout = stepTimeout;
        this.orderSaga = new OrderSaga(UUID::randomUUID, maxCompensationAttempts);
    }

    /**
     * Places an order and starts its saga. With an idempotency key, a repeated request (same key, same
     * content) returns the order the first one created, and the same key with other content is refused.
     */
    @Transactional
    public OrderEntity place(String idempotencyKey, String customerId, long amountCents, List<OrderLine> items) {
        String fingerprint = RequestFingerprint.of(customerId, amountCents, items);
        if (idempotencyKey != null) {
            orderLocks.lock("idempotency-key:" + idempotencyKey);
            Optional<OrderEntity> earlier = orders.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                if (!RequestFingerprint.matches(earlier.get().getRequestFingerprint(), customerId, amountCents,
                        items)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey, earlier.get().getOrderId());
                }
                return earlier.get();
            }
        }
        Decision decision = orderSaga.start(UUID.randomUUID(), customerId, amountCents, items);
        Instant now = Instant.now();
        OrderEntity order = orders.save(OrderEntity.of(decision.saga(), idempotencyKey, fingerprint, now,
                deadline(decision.saga(), now)));
        record(decision, null, now);
        log.info("Order {} placed by {}: {} line(s), {}; reserving stock", order.getOrderId(), customerId, items.size(),
                SagaMessages.money(amountCents));
        return order;
    }

    /**
     * Applies a participant's reply. Runs inside the inbox's transaction.
     * @param receivedPayload the message as received, kept in saga_log
     */
    @Transactional
    public void handle(UUID orderId, SagaEvent event, String receivedPayload) {
        Optional<OrderEntity> found = orders.findForUpdate(orderId);
        if (found.isEmpty()) {
            log.warn("Reply {} for unknown order {} ignored", event.getClass().getSimpleName(), orderId);
            return;
        }
        apply(found.get(), event, receivedPayload);
    }

    /**
     * Times out the current step of an order whose step deadline has passed: applies
     * {@link SagaEvent.StepTimedOut} for that step, under the order's row lock. Does nothing if the
     * deadline moved on (a reply was applied meanwhile) or the saga waits for nothing.
     * @return whether the step was timed out
     */
    @Transactional
    public boolean timeOut(UUID orderId) {
        OrderEntity order = orders.findForUpdate(orderId).orElse(null);
        Instant now = Instant.now();
        if (order == null || order.getStatus() != OrderStatus.PENDING || order.getStepDeadline() == null
                || order.getStepDeadline().isAfter(now)) {
            return false;
        }
        Saga saga = order.toSaga();
        log.warn("Order {}: no reply to {} (step {}, attempt {}) within {}", orderId, saga.currentStep(),
                saga.currentStepId(), saga.stepAttempts(), describe(stepTimeout));
        apply(order, new SagaEvent.StepTimedOut(saga.currentStepId(), "no reply within " + describe(stepTimeout)),
                null);
        return true;
    }

    /**
     * An operator retries the compensation of a saga parked in COMPENSATION_FAILED: the saga goes back to
     * that compensation, attempts counted from 1, and its command is sent again under a new step id.
     * @return the order, or empty if there is none
     * @throws NotParkedException if the saga is not COMPENSATION_FAILED
     */
    @Transactional
    public Optional<OrderEntity> retryCompensation(UUID orderId) {
        Optional<OrderEntity> found = orders.findForUpdate(orderId);
        if (found.isEmpty()) {
            return found;
        }
        OrderEntity order = found.get();
        Decision decision = orderSaga.retryCompensation(order.toSaga());
        if (decision.isIgnored()) {
            throw new NotParkedException(orderId, decision.ignoredBecause().orElseThrow());
        }
        Instant now = Instant.now();
        order.apply(decision.saga(), now, deadline(decision.saga(), now));
        record(decision, null, now);
        log.warn("Order {}: an operator retries {} → {}", orderId, decision.saga().currentStep(),
                decision.saga().state());
        return Optional.of(order);
    }

    private void apply(OrderEntity order, SagaEvent event, String receivedPayload) {
        UUID orderId = order.getOrderId();
        Decision decision = orderSaga.on(order.toSaga(), event);
        String reply = event.getClass().getSimpleName();
        if (decision.isIgnored()) {
            log.info("Order {}: {} ignored, {}", orderId, reply, decision.ignoredBecause().orElseThrow());
            return;
        }
        Instant now = Instant.now();
        Saga saga = decision.saga();
        order.apply(saga, now, deadline(saga, now));
        record(decision, receivedPayload, now);
        if (saga.state() == SagaState.COMPENSATION_FAILED) {
            log.error("Order {}: {} → COMPENSATION_FAILED: {}. Parked; once the participant is back, retry it with "
                    + "POST /orders/{}/retry-compensation", orderId, reply, decision.log().get(0).error(), orderId);
        }
        else {
            log.info("Order {}: {} ({}) → {}{}{}", orderId, reply, event.detail(), saga.state(),
                    decision.cancel().map(c -> ", " + c.step() + " sent to cancel the timed-out step").orElse(""),
                    saga.stepAttempts() > 1 ? " (attempt " + saga.stepAttempts() + " of " + saga.currentStep() + ")"
                            : "");
        }
    }

    /** When the reply to the saga's current step is overdue; none if it waits for no reply. */
    private Instant deadline(Saga saga, Instant now) {
        return saga.isWaiting() ? now.plus(stepTimeout) : null;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    @Transactional(readOnly = true)
    public Optional<OrderWithLog> find(UUID orderId) {
        return orders.findById(orderId).map(o -> new OrderWithLog(o, sagaLog.findBySagaIdOrderByIdAsc(orderId)));
    }

    /** What makes two requests "the same order": customer, amount and lines, in order. */
    private void record(Decision decision, String receivedPayload, Instant now) {
        UUID orderId = decision.saga().orderId();
        Map<UUID, SpecificRecord> messages = new LinkedHashMap<>();
        decision.commands().forEach(c -> messages.put(c.stepId(), SagaMessages.toMessage(orderId, c)));
        for (LogEntry entry : decision.log()) {
            String payload = entry.type() == LogEntry.Type.EVENT ? receivedPayload
                    : String.valueOf(messages.get(entry.stepId()));
            sagaLog.save(new SagaLogEntity(orderId, entry, payload, now));
        }
        messages.values().forEach(outbox::append);
    }

    /** The same idempotency key came with a different order. */
    public static class IdempotencyKeyReusedException extends RuntimeException {
        public IdempotencyKeyReusedException(String key, UUID orderId) {
            super("Idempotency-Key " + key + " was already used for order " + orderId + " with a different request");
        }
    }

    /** A compensation retry was asked for a saga that is not parked. */
    public static class NotParkedException extends RuntimeException {
        public NotParkedException(UUID orderId, String why) {
            super("Order " + orderId + " has no parked compensation to retry: " + why);
        }
    }

    public record OrderWithLog(OrderEntity order, List<SagaLogEntity> log) {
    }
}
