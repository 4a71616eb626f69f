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
import dev.ordersaga.saga.domain.SagaEvent.StepTimedOut;
import dev.ordersaga.saga.domain.SagaEvent.StockCommitted;
import dev.ordersaga.saga.domain.SagaEvent.StockRejected;
import dev.ordersaga.saga.domain.SagaEvent.StockReleased;
import dev.ordersaga.saga.domain.SagaEvent.StockReserved;

/**
 * The order saga, whole: reserve stock, charge payment, commit the stock; when payment is declined,
 * release the stock. A step with no reply before its deadline ({@link StepTimedOut}) is given up:
 * whatever it may still do is cancelled by a command sent after it to the same participant (which
 * applies the two in order, or refuses the step once cancelled), and the steps already confirmed are
 * compensated, retried until {@code maxCompensationAttempts} and then parked in
 * {@link SagaState#COMPENSATION_FAILED} for an operator. Only the commit, once payment is taken, is
 * retried forward instead. A pure function of (saga, reply) → {@link Decision}.
 */
public final class OrderSaga {

    public static final int DEFAULT_MAX_COMPENSATION_ATTEMPTS = 5;

    private static final BiFunction<Saga, UUID, SagaCommand> NOTHING = (saga, stepId) -> null;
    private static final String RESERVE_TIMED_OUT = "reserve step timed out";
    private static final String CHARGE_TIMED_OUT = "charge step timed out";
    private static final String RETRYING = "no reply to the previous release; retrying";

    /**
     * Every transition; the first row that matches (state, reply, guard) applies. A reply not listed here,
     * or for another step than the current one, changes nothing. "cancel" is sent and not waited for: it
     * undoes the timed-out step, should the participant still carry it out. "send" is the next step, whose
     * reply the saga waits for; a row whose next state is its own state sends the current step again under
     * a new step id (another attempt).
     */
    private static final List<Transition> TABLE = List.of(
            //             in state           on reply               when              log it as    next state
            //                 cancel the timed-out step                        and send
            new Transition(RESERVING_STOCK,   StockReserved.class,   ALWAYS,           CONFIRMED,   CHARGING_PAYMENT,
                    NOTHING,                                        OrderSaga::charge),
            new Transition(RESERVING_STOCK,   StockRejected.class,   ALWAYS,           FAILED,      REJECTED,
                    NOTHING,                                        NOTHING),
            new Transition(RESERVING_STOCK,   StepTimedOut.class,    ALWAYS,           FAILED,      SagaState.COMPENSATED,
                    (saga, id) -> new ReleaseStock(id, RESERVE_TIMED_OUT), NOTHING),
            new Transition(CHARGING_PAYMENT,  PaymentCharged.class,  ALWAYS,           CONFIRMED,   COMMITTING_STOCK,
                    NOTHING,                                        (saga, id) -> new CommitStock(id)),
            new Transition(CHARGING_PAYMENT,  PaymentDeclined.class, ALWAYS,           FAILED,      RELEASING_STOCK,
                    NOTHING,                                        (saga, id) -> new ReleaseStock(id, "payment declined")),
            new Transition(CHARGING_PAYMENT,  StepTimedOut.class,    ALWAYS,           FAILED,      RELEASING_STOCK,
                    (saga, id) -> new RefundPayment(id, CHARGE_TIMED_OUT),
                                                                    (saga, id) -> new ReleaseStock(id, CHARGE_TIMED_OUT)),
            new Transition(COMMITTING_STOCK,  StockCommitted.class,  ALWAYS,           CONFIRMED,   COMPLETED,
                    NOTHING,                                        NOTHING),
            new Transition(COMMITTING_STOCK,  StepTimedOut.class,    ALWAYS,           FAILED,      COMMITTING_STOCK,
                    NOTHING,                                        (saga, id) -> new CommitStock(id)),
            new Transition(RELEASING_STOCK,   StockReleased.class,   ALWAYS,           COMPENSATED, SagaState.COMPENSATED,
                    NOTHING,                                        NOTHING),
            new Transition(RELEASING_STOCK,   StepTimedOut.class,    ATTEMPTS_LEFT,    FAILED,      RELEASING_STOCK,
                    NOTHING,                                        (saga, id) -> new ReleaseStock(id, RETRYING)),
            new Transition(RELEASING_STOCK,   StepTimedOut.class,    NO_ATTEMPTS_LEFT, FAILED,      COMPENSATION_FAILED,
                    NOTHING,                                        NOTHING));

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
            throw new IllegalArgumentException("maxCompensationAttempts must be at least 1: "
                    + maxCompensationAttempts);
        }
        this.stepIds = stepIds;
        this.maxCompensationAttempts = maxCompensationAttempts;
    }

    /** An order was placed: reserve its stock. */
    public Decision start(UUID orderId, String customerId, long amountCents, List<OrderLine> items) {
        SagaCommand reserve = new ReserveStock(stepIds.get(), items);
        Saga saga = new Saga(orderId, customerId, amountCents, items, RESERVING_STOCK, reserve.step(), reserve.stepId(),
                1);
        return Decision.applied(saga, List.of(LogEntry.awaited(reserve)), null, reserve);
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
        SagaCommand cancel = transition.cancel().apply(saga, stepIds.get());
        SagaCommand next = transition.send().apply(saga, stepIds.get());
        List<LogEntry> log = new ArrayList<>();
        log.add(LogEntry.received(saga.currentStep(), event, transition.logAs(), error(transition, saga, event)));
        if (cancel != null) {
            log.add(LogEntry.cancelling(cancel));
        }
        if (next != null) {
            log.add(LogEntry.awaited(next));
        }
        return Decision.applied(saga.next(transition.to(), next), log, cancel, next);
    }

    /**
     * An operator retries the release a parked saga got no reply for: it is sent again under a new step
     * id, with its attempts counted from 1. Ignored unless the saga is {@link SagaState#COMPENSATION_FAILED}.
     */
    public Decision retryCompensation(Saga saga) {
        if (saga.state() != COMPENSATION_FAILED) {
            return Decision.ignored(saga, "only a " + COMPENSATION_FAILED + " saga can be retried, this one is "
                    + saga.state());
        }
        if (saga.currentStep() != Step.RELEASE_STOCK) {
            throw new IllegalStateException("saga " + saga.orderId() + " is parked in " + saga.currentStep()
                    + ", which is not a compensation");
        }
        SagaCommand release = new ReleaseStock(stepIds.get(), "retried by an operator");
        return Decision.applied(saga.next(RELEASING_STOCK, release), List.of(LogEntry.awaited(release)), null,
                release);
    }

    private static SagaCommand charge(Saga saga, UUID stepId) {
        return new ChargePayment(stepId, saga.customerId(), saga.amountCents());
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
            SagaState to, BiFunction<Saga, UUID, SagaCommand> cancel, BiFunction<Saga, UUID, SagaCommand> send) {
    }
}
