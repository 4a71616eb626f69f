package dev.ordersaga.saga.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.ordersaga.saga.domain.LogEntry;
import dev.ordersaga.saga.domain.Step;

/** One saga_log row. Rows are only ever appended. */
@Entity
@Table(name = "saga_log")
public class SagaLogEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private UUID sagaId;
    @Enumerated(EnumType.STRING)
    private Step step;
    private UUID stepId;
    @Enumerated(EnumType.STRING)
    private LogEntry.Type type;
    @Enumerated(EnumType.STRING)
    private LogEntry.Status status;
    private String payload;
    private String error;
    private Instant ts;

    protected SagaLogEntity() {
    }

    public SagaLogEntity(UUID sagaId, LogEntry entry, String payload, Instant ts) {
        this.sagaId = sagaId;
        this.step = entry.step();
        this.stepId = entry.stepId();
        this.type = entry.type();
        this.status = entry.status();
        this.payload = payload;
        this.error = entry.error();
        this.ts = ts;
    }

    public Long getId() { return id; }
    public UUID getSagaId() { return sagaId; }
    public Step getStep() { return step; }
    public UUID getStepId() { return stepId; }
    public LogEntry.Type getType() { return type; }
    public LogEntry.Status getStatus() { return status; }
    public String getPayload() { return payload; }
    public String getError() { return error; }
    public Instant getTs() { return ts; }
}
