package dev.ordersaga.saga.domain;

import java.util.UUID;

/** One saga_log row: a command issued, or a reply received (or its absence: a step that timed out). */
public record LogEntry(Step step, UUID stepId, Type type, Status status, String detail, String error) {

    public enum Type {
        COMMAND, EVENT
    }

    public enum Status {
        /** A command whose reply the saga waits for. */
        PENDING,
        /** A command the saga does not wait for: it cancels a step that timed out. */
        SENT,
        CONFIRMED, FAILED, COMPENSATED
    }

    static LogEntry awaited(SagaCommand command) {
        return new LogEntry(command.step(), command.stepId(), Type.COMMAND, Status.PENDING, command.toString(), null);
    }

    static LogEntry cancelling(SagaCommand command) {
        return new LogEntry(command.step(), command.stepId(), Type.COMMAND, Status.SENT, command.toString(), null);
    }

    static LogEntry received(Step step, SagaEvent event, Status status) {
        return received(step, event, status, status == Status.FAILED ? event.detail() : null);
    }

    static LogEntry received(Step step, SagaEvent event, Status status, String error) {
        return new LogEntry(step, event.stepId(), Type.EVENT, status, event.detail(), error);
    }
}
