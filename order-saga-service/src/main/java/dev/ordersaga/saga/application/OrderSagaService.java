package dev.ordersaga.saga.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.messaging.OrderLocks;
import dev.ordersaga.messaging.outbox.OutboxWriter;
import dev.ordersaga.saga.domain.Decision;
import dev.ordersaga.saga.domain.LogEntry;
import dev.ordersaga.saga.domain.OrderLine;
import dev.ordersaga.saga.domain.OrderSaga;
import dev.ordersaga.saga.messaging.SagaMessages;
import dev.ordersaga.saga.persistence.OrderEntity;
import dev.ordersaga.saga.persistence.OrderRepository;
import dev.ordersaga.saga.persistence.SagaLogEntity;
import dev.ordersaga.saga.persistence.SagaLogRepository;

/**
 * Runs the saga's decisions: loads the saga, asks {@link OrderSaga} what to do, and stores the new
 * state, the saga_log rows and the next command (in the outbox) in one transaction.
 */
@Service
public class OrderSagaService {

    private static final Logger log = LoggerFactory.getLogger(OrderSagaService.class);

    private final OrderSaga orderSaga = new OrderSaga(UUID::randomUUID);
    private final OrderRepository orders;
    private final SagaLogRepository sagaLog;
    private final OutboxWriter outbox;
    private final OrderLocks orderLocks;

    public OrderSagaService(OrderRepository orders, SagaLogRepository sagaLog, OutboxWriter outbox,
            OrderLocks orderLocks) {
        this.orders = orders;
        this.sagaLog = sagaLog;
        this.outbox = outbox;
        this.orderLocks = orderLocks;
    }

    /**
     * Places an order and starts its saga. With an idempotency key, a repeated request (same key, same
     * content) returns the order the first one created, and the same key with other content is refused.
     */
    @Transactional
    public OrderEntity place(String idempotencyKey, String customerId, long amountCents, List<OrderLine> items) {
        String fingerprint = fingerprint(customerId, amountCents, items);
        if (idempotencyKey != null) {
            orderLocks.lock("idempotency-key:" + idempotencyKey);
            Optional<OrderEntity> earlier = orders.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().getRequestFingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey, earlier.get().getOrderId());
                }
                return earlier.get();
            }
        }
        Decision decision = orderSaga.start(UUID.randomUUID(), customerId, amountCents, items);
        Instant now = Instant.now();
        OrderEntity order = orders.save(OrderEntity.of(decision.saga(), idempotencyKey, fingerprint, now));
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
    public void handle(UUID orderId, dev.ordersaga.saga.domain.SagaEvent event, String receivedPayload) {
        Optional<OrderEntity> found = orders.findForUpdate(orderId);
        if (found.isEmpty()) {
            log.warn("Reply {} for unknown order {} ignored", event.getClass().getSimpleName(), orderId);
            return;
        }
        OrderEntity order = found.get();
        Decision decision = orderSaga.on(order.toSaga(), event);
        String reply = event.getClass().getSimpleName();
        if (decision.isIgnored()) {
            log.info("Order {}: {} ignored, {}", orderId, reply, decision.ignoredBecause().orElseThrow());
            return;
        }
        Instant now = Instant.now();
        order.apply(decision.saga(), now);
        record(decision, receivedPayload, now);
        log.info("Order {}: {} ({}) → {}", orderId, reply, event.detail(), decision.saga().state());
    }

    @Transactional(readOnly = true)
    public Optional<OrderWithLog> find(UUID orderId) {
        return orders.findById(orderId).map(o -> new OrderWithLog(o, sagaLog.findBySagaIdOrderByIdAsc(orderId)));
    }

    /** What makes two requests "the same order": customer, amount and lines, in order. */
    private static String fingerprint(String customerId, long amountCents, List<OrderLine> items) {
        StringBuilder text = new StringBuilder(customerId).append('|').append(amountCents);
        items.forEach(line -> text.append('|').append(line.sku()).append('×').append(line.qty()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Decision decision, String receivedPayload, Instant now) {
        UUID orderId = decision.saga().orderId();
        SpecificRecord command = decision.command().map(c -> SagaMessages.toMessage(orderId, c)).orElse(null);
        for (LogEntry entry : decision.log()) {
            String payload = entry.type() == LogEntry.Type.EVENT ? receivedPayload
                    : command == null ? null : command.toString();
            sagaLog.save(new SagaLogEntity(orderId, entry, payload, now));
        }
        if (command != null) {
            outbox.append(command);
        }
    }

    /** The same idempotency key came with a different order. */
    public static class IdempotencyKeyReusedException extends RuntimeException {
        public IdempotencyKeyReusedException(String key, UUID orderId) {
            super("Idempotency-Key " + key + " was already used for order " + orderId + " with a different request");
        }
    }

    public record OrderWithLog(OrderEntity order, List<SagaLogEntity> log) {
    }
}
