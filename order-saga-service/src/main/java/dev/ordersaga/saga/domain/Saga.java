package dev.ordersaga.saga.domain;

import java.util.List;
import java.util.UUID;

/**
 * The state of one order's saga.
 * @param currentStep the step whose reply the saga waits for ({@code null} once finished; a saga parked in
 *        {@link SagaState#COMPENSATION_FAILED} keeps the compensation that got no reply, for an operator's retry)
 * @param currentStepId that step's id: a reply with another id is stale or foreign
 * @param stepAttempts how many times the current step's command has been sent (1 for the first send)
 */
public record Saga(UUID orderId, String customerId, long amountCents, List<OrderLine> items, SagaState state,
        Step currentStep, UUID currentStepId, int stepAttempts) {

    public Saga {
        items = List.copyOf(items);
    }

    /** Whether the saga waits for a reply (so its current step has a deadline). */
    public boolean isWaiting() {
        return !state.isFinished() && currentStep != null;
    }

    /**
     * The saga after a transition to {@code nextState} that sends {@code command}. Sending the current step's
     * command again in the same state is another attempt of that step; anything else starts at attempt 1.
     */
    Saga next(SagaState nextState, SagaCommand command) {
        if (nextState == SagaState.COMPENSATION_FAILED) {
            return new Saga(orderId, customerId, amountCents, items, nextState, currentStep, currentStepId,
                    stepAttempts);
        }
        boolean again = command != null && nextState == state && command.step() == currentStep;
        return new Saga(orderId, customerId, amountCents, items, nextState, command == null ? null : command.step(),
                command == null ? null : command.stepId(), again ? stepAttempts + 1 : 1);
    }
}
