package dev.ordersaga.saga.domain;

import static dev.ordersaga.saga.domain.LogEntry.Status.COMPENSATED;
import static dev.ordersaga.saga.domain.LogEntry.Status.CONFIRMED;
import static dev.ordersaga.saga.domain.LogEntry.Status.FAILED;
import static dev.ordersaga.saga.domain.OrderSaga.Guard.ALWAYS;
import static dev.ordersaga.saga.domain.OrderSaga.Guard.ATTEMPTS_LEFT;
import static dev.ordersaga.saga.domain.OrderSaga.Guard.NO_ATTEMPTS_LEFT;
import static dev.ordersaga.saga.domain.SagaState.CHARGING_PAYMENT;
import static dev.ordersaga.saga.domain.SagaState.COMMITTING_STOCK;
import static dev.ordersaga.saga.domain.SagaState.COMPENSATION_FAILED;
import static dev.ordersaga.saga.domain.SagaState.COMPLETED;
import static dev.ordersaga.saga.domain.SagaState.REFUNDING_PAYMENT;
import static dev.ordersaga.saga.domain.SagaState.REJECTED;
import static dev.ordersaga.saga.domain.SagaState.RELEASING_STOCK;
import static dev.ordersaga.saga.domain.SagaState.RESERVING_STOCK;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import dev.ordersaga.saga.domain.SagaCommand.ChargePayment;
import dev.ordersaga.saga.domain.SagaCommand.CommitStock;
import dev.ordersaga.saga.domain.SagaCommand.RefundPayment;
import dev.ordersaga.saga.domain.SagaCommand.ReleaseStock;
import dev.ordersaga.saga.domain.SagaCommand.ReserveStock;
import dev.ordersaga.saga.domain.SagaEvent.PaymentCharged;
import dev.ordersaga.saga.domain.SagaEvent.PaymentDeclined;
import dev.ordersaga.saga.domain.SagaEvent.PaymentRefunded;
import dev.ordersaga.saga.domain.SagaEvent.StepTimedOut;
import dev.ordersaga.saga.domain.SagaEvent.StockCommitted;
import dev.ordersaga.saga.domain.SagaEvent.StockRejected;
import dev.ordersaga.saga.domain.SagaEvent.StockReleased;
import dev.ordersaga.saga.domain.SagaEvent.StockReserved;

/**
 * The order saga, whole: reserve stock, charge payment, commit the stock; when payment is declined,
 * release the stock. A step with no reply before its deadline ({@link StepTimedOut}) is compensated
 * (reserve → release, charge → refund then release), retried (commit: payment is taken, so only forward),
 * or, for a compensation, retried until {@code maxCompensationAttempts} and then parked in
 * {@link SagaState#COMPENSATION_FAILED} for an operator. A pure function of (saga, reply) → {@link Decision}.
 */
public final class OrderSaga {

    public static final int DEFAULT_MAX_COMPENSATION_ATTEMPTS = 5;

    private static final BiFunction<Saga, UUID, SagaCommand> NOTHING = (saga, stepId) -> null;

    /**
     * Every transition; the first row that matches (state, reply, guard) applies. A reply not listed here,
     * or for another step than the current one, changes nothing. A row whose next state is its own state
     * sends the current step again under a new step id (another attempt).
     */
    private static final List<Transition> TABLE = List.of(
            //             in state           on reply               when              log it as    next state
            //                 and send
            new Transition(RESERVING_STOCK,   StockReserved.class,   ALWAYS,           CONFIRMED,   CHARGING_PAYMENT,
                    (saga, stepId) -> new ChargePayment(stepId, saga.customerId(), saga.amountCents())),
            new Transition(RESERVING_STOCK,   StockRejected.class,   ALWAYS,           FAILED,      REJECTED,
                    NOTHING),
            new Transition(RESERVING_STOCK,   StepTimedOut.class,    ALWAYS,           FAILED,      RELEASING_STOCK,
                    (saga, stepId) -> new ReleaseStock(stepId, "reserve step timed out")),
            new Transition(CHARGING_PAYMENT,  PaymentCharged.class,  ALWAYS,           CONFIRMED,   COMMITTING_STOCK,
                    (saga, stepId) -> new CommitStock(stepId)),
            new Transition(CHARGING_PAYMENT,  PaymentDeclined.class, ALWAYS,           FAILED,      RELEASING_STOCK,
                    (saga, stepId) -> new ReleaseStock(stepId, "payment declined")),
            new Transition(CHARGING_PAYMENT,  StepTimedOut.class,    ALWAYS,           FAILED,      REFUNDING_PAYMENT,
                    (saga, stepId) -> new RefundPayment(stepId, "charge step timed out")),
            new Transition(COMMITTING_STOCK,  StockCommitted.class,  ALWAYS,           CONFIRMED,   COMPLETED,
                    NOTHING),
            new Transition(COMMITTING_STOCK,  StepTimedOut.class,    ALWAYS,           FAILED,      COMMITTING_STOCK,
                    (saga, stepId) -> new CommitStock(stepId)),
            new Transition(RELEASING_STOCK,   StockReleased.class,   ALWAYS,           COMPENSATED, SagaState.COMPENSATED,
                    NOTHING),
            new Transition(RELEASING_STOCK,   StepTimedOut.class,    ATTEMPTS_LEFT,    FAILED,      RELEASING_STOCK,
                    (saga, stepId) -> new ReleaseStock(stepId, "no reply to the previous release; retrying")),
            new Transition(RELEASING_STOCK,   StepTimedOut.class,    NO_ATTEMPTS_LEFT, FAILED,      COMPENSATION_FAILED,
                    NOTHING),
            new Transition(REFUNDING_PAYMENT, PaymentRefunded.class, ALWAYS,           COMPENSATED, RELEASING_STOCK,
                    (saga, stepId) -> new ReleaseStock(stepId, "charge step timed out")),
            new Transition(REFUNDING_PAYMENT, StepTimedOut.class,    ATTEMPTS_LEFT,    FAILED,      REFUNDING_PAYMENT,
                    (saga, stepId) -> new RefundPayment(stepId, "no reply to the previous refund; retrying")),
            new Transition(REFUNDING_PAYMENT, StepTimedOut.class,    NO_ATTEMPTS_LEFT, FAILED,      COMPENSATION_FAILED,
                    NOTHING));

    /** When a row applies, besides its state and reply. */
    enum Guard {
        ALWAYS,
        /** The current step has been sent fewer than {@code maxCompensationAttempts} times. */
        ATTEMPTS_LEFT,
        /** The current step has been sent {@code maxCompensationAttempts} times. */
        NO_ATTEMPTS_LEFT
    }

    private final Supplier<UUID> stepIds;
    private final int maxCompensationAttempts;

    /** @param stepIds where new step ids come from ({@code UUID::randomUUID} in production) */
    public OrderSaga(Supplier<UUID> stepIds) {
        this(stepIds, DEFAULT_MAX_COMPENSATION_ATTEMPTS);
    }

    /** @param maxCompensationAttempts how many times a compensation is sent before the saga is parked */
    public OrderSaga(Supplier<UUID> stepIds, int maxCompensationAttempts) {
        if (maxCompensationAttempts < 1) {
            throw new IllegalArgumentException("maxCompensationAttempts must be at least 1: " + maxCompensationAttempts);
        }
        this.stepIds = stepIds;
        this.maxCompensationAttempts = maxCompensationAttempts;
    }

    /** An order was placed: reserve its stock. */
    public Decision start(UUID orderId, String customerId, long amountCents, List<OrderLine> items) {
        SagaCommand reserve = new ReserveStock(stepIds.get(), items);
        Saga saga = new Saga(orderId, customerId, amountCents, items, RESERVING_STOCK, reserve.step(), reserve.stepId(),
                1);
        return Decision.applied(saga, List.of(LogEntry.issued(reserve)), reserve);
    }

    /** A participant replied, or the current step timed out. */
    public Decision on(Saga saga, SagaEvent event) {
        if (saga.state().isFinished()) {
            return Decision.ignored(saga, "the saga already ended " + saga.state());
        }
        if (!event.stepId().equals(saga.currentStepId())) {
            return Decision.ignored(saga, "it answers step " + event.stepId() + ", the saga waits for "
                    + saga.currentStep() + " " + saga.currentStepId());
        }
        Transition transition = TABLE.stream()
                .filter(t -> t.from() == saga.state() && t.on().isInstance(event) && holds(t.when(), saga))
                .findFirst()
                .orElse(null);
        if (transition == null) {
            return Decision.ignored(saga, event.getClass().getSimpleName() + " is not expected in " + saga.state());
        }
        SagaCommand command = transition.send().apply(saga, stepIds.get());
        List<LogEntry> log = new ArrayList<>();
        log.add(LogEntry.received(saga.currentStep(), event, transition.logAs(), error(transition, saga, event)));
        if (command != null) {
            log.add(LogEntry.issued(command));
        }
        return Decision.applied(saga.next(transition.to(), command), log, command);
    }

    /**
     * An operator retries the compensation a parked saga got no reply for: it is sent again under a new
     * step id, with its attempts counted from 1. Ignored unless the saga is {@link SagaState#COMPENSATION_FAILED}.
     */
    public Decision retryCompensation(Saga saga) {
        if (saga.state() != COMPENSATION_FAILED) {
            return Decision.ignored(saga, "only a " + COMPENSATION_FAILED + " saga can be retried, this one is "
                    + saga.state());
        }
        UUID stepId = stepIds.get();
        String reason = "retried by an operator";
        return switch (saga.currentStep()) {
            case RELEASE_STOCK -> retry(saga, RELEASING_STOCK, new ReleaseStock(stepId, reason));
            case REFUND_PAYMENT -> retry(saga, REFUNDING_PAYMENT, new RefundPayment(stepId, reason));
            default -> throw new IllegalStateException("saga " + saga.orderId() + " is parked in "
                    + saga.currentStep() + ", which is not a compensation");
        };
    }

    private static Decision retry(Saga saga, SagaState compensating, SagaCommand command) {
        return Decision.applied(saga.next(compensating, command), List.of(LogEntry.issued(command)), command);
    }

    private boolean holds(Guard guard, Saga saga) {
        return switch (guard) {
            case ALWAYS -> true;
            case ATTEMPTS_LEFT -> saga.stepAttempts() < maxCompensationAttempts;
            case NO_ATTEMPTS_LEFT -> saga.stepAttempts() >= maxCompensationAttempts;
        };
    }

    /** The error of a FAILED row: the participant's words, or what the saga does about a missing reply. */
    private static String error(Transition transition, Saga saga, SagaEvent event) {
        if (transition.logAs() != FAILED) {
            return null;
        }
        if (transition.to() == COMPENSATION_FAILED) {
            return saga.currentStep().describe() + " got no reply after " + saga.stepAttempts() + " attempts";
        }
        if (transition.to() == transition.from()) {
            return event.detail() + "; retrying";
        }
        return event.detail();
    }

    private record Transition(SagaState from, Class<? extends SagaEvent> on, Guard when, LogEntry.Status logAs,
            SagaState to, BiFunction<Saga, UUID, SagaCommand> send) {
    }
}
