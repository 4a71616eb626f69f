package dev.ordersaga.saga.domain;

import java.util.List;
import java.util.UUID;

/**
 * The state of one order's saga.
 * @param currentStep the step whose reply the saga waits for ({@code null} once finished)
 * @param currentStepId that step's id: a reply with another id is stale or foreign
 */
public record Saga(UUID orderId, String customerId, long amountCents, List<OrderLine> items, SagaState state,
        Step currentStep, UUID currentStepId) {

    public Saga {
        items = List.copyOf(items);
    }

    Saga next(SagaState nextState, SagaCommand command) {
        return new Saga(orderId, customerId, amountCents, items, nextState, command == null ? null : command.step(),
                command == null ? null : command.stepId());
    }
}
