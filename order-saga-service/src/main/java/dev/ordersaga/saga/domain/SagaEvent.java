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

    /** Answers a refund; no step of this saga asks for one yet, so it is never expected. */
    record PaymentRefunded(UUID stepId, String detail) implements SagaEvent {
    }
}
