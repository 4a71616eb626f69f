package dev.ordersaga.saga.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import dev.ordersaga.saga.domain.OrderLine;
import dev.ordersaga.saga.domain.OrderStatus;
import dev.ordersaga.saga.domain.Saga;
import dev.ordersaga.saga.domain.SagaState;
import dev.ordersaga.saga.domain.Step;

/** An order and the state of its saga (one row, so one lock serialises every reply for an order). */
@Entity
@Table(name = "orders")
public class OrderEntity {

    @Id
    private UUID orderId;
    private String customerId;
    private long amountCents;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    @Enumerated(EnumType.STRING)
    private SagaState sagaState;
    @Enumerated(EnumType.STRING)
    private Step currentStep;
    private UUID currentStepId;
    /** When the current step's reply is overdue ({@code null} when the saga waits for nothing). */
    private Instant stepDeadline;
    private int stepAttempts;
    private String idempotencyKey;
    private String requestFingerprint;
    private Instant createdAt;
    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<Line> lines = new ArrayList<>();

    protected OrderEntity() {
    }

    public static OrderEntity of(Saga saga, String idempotencyKey, String requestFingerprint, Instant now,
            Instant stepDeadline) {
        OrderEntity entity = new OrderEntity();
        entity.idempotencyKey = idempotencyKey;
        entity.requestFingerprint = requestFingerprint;
        entity.orderId = saga.orderId();
        entity.customerId = saga.customerId();
        entity.amountCents = saga.amountCents();
        entity.lines = new ArrayList<>(saga.items().stream().map(l -> new Line(l.sku(), l.qty())).toList());
        entity.createdAt = now;
        entity.apply(saga, now, stepDeadline);
        return entity;
    }

    /** @param stepDeadline when the reply to the saga's current step is overdue, {@code null} if it waits for none */
    public void apply(Saga saga, Instant now, Instant stepDeadline) {
        this.sagaState = saga.state();
        this.status = saga.state().orderStatus();
        this.currentStep = saga.currentStep();
        this.currentStepId = saga.currentStepId();
        this.stepAttempts = saga.stepAttempts();
        this.stepDeadline = stepDeadline;
        this.updatedAt = now;
    }

    public Saga toSaga() {
        return new Saga(orderId, customerId, amountCents, items(), sagaState, currentStep, currentStepId,
                stepAttempts);
    }

    public List<OrderLine> items() {
        return lines.stream().map(l -> new OrderLine(l.sku, l.qty)).toList();
    }

    public UUID getOrderId() { return orderId; }
    public String getCustomerId() { return customerId; }
    public long getAmountCents() { return amountCents; }
    public OrderStatus getStatus() { return status; }
    public SagaState getSagaState() { return sagaState; }
    public Step getCurrentStep() { return currentStep; }
    public UUID getCurrentStepId() { return currentStepId; }
    public int getStepAttempts() { return stepAttempts; }
    public Instant getStepDeadline() { return stepDeadline; }
    public String getRequestFingerprint() { return requestFingerprint; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }

    @Embeddable
    public static class Line {
        @Column(name = "sku")
        private String sku;
        @Column(name = "qty")
        private int qty;

        protected Line() {
        }

        Line(String sku, int qty) {
            this.sku = sku;
            this.qty = qty;
        }
    }
}
