package dev.ordersaga.saga.domain;

import java.util.UUID;

/** A participant's reply, as the saga sees it. {@code stepId} names the command it answers. */
public sealed interface SagaEvent {

    UUID stepId();

    /** Short text for the saga log (what happened, in the participant's words). */
    String detail();

    record StockReserved(UUID stepId, String detail) implements SagaEvent {
    }

    record StockRejected(UUID stepId, String detail) implements SagaEvent {
    }

    record PaymentCharged(UUID stepId, String detail) implements SagaEvent {
    }

    record PaymentDeclined(UUID stepId, String detail) implements SagaEvent {
    }

    record StockCommitted(UUID stepId, String detail) implements SagaEvent {
    }

    record StockReleased(UUID stepId, String detail) implements SagaEvent {
    }

    /** Answers a refund (amount 0 when nothing had been charged). */
    record PaymentRefunded(UUID stepId, String detail) implements SagaEvent {
    }

    /**
     * Not a reply: no reply came for step {@code stepId} before its deadline. Produced by the saga's own
     * timeout scheduler, never by a participant.
     */
    record StepTimedOut(UUID stepId, String detail) implements SagaEvent {
    }
}
