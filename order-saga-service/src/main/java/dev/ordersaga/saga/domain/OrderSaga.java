package dev.ordersaga.saga.domain;

import static dev.ordersaga.saga.domain.LogEntry.Status.COMPENSATED;
import static dev.ordersaga.saga.domain.LogEntry.Status.CONFIRMED;
import static dev.ordersaga.saga.domain.LogEntry.Status.FAILED;
import static dev.ordersaga.saga.domain.SagaState.CHARGING_PAYMENT;
import static dev.ordersaga.saga.domain.SagaState.COMMITTING_STOCK;
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
import dev.ordersaga.saga.domain.SagaCommand.ReleaseStock;
import dev.ordersaga.saga.domain.SagaCommand.ReserveStock;
import dev.ordersaga.saga.domain.SagaEvent.PaymentCharged;
import dev.ordersaga.saga.domain.SagaEvent.PaymentDeclined;
import dev.ordersaga.saga.domain.SagaEvent.StockCommitted;
import dev.ordersaga.saga.domain.SagaEvent.StockRejected;
import dev.ordersaga.saga.domain.SagaEvent.StockReleased;
import dev.ordersaga.saga.domain.SagaEvent.StockReserved;

/**
 * The order saga, whole: reserve stock, charge payment, commit the stock; when payment is
 * declined, release the stock. A pure function of (saga, reply) → {@link Decision}.
 */
public final class OrderSaga {

    private static final BiFunction<Saga, UUID, SagaCommand> NOTHING = (saga, stepId) -> null;

    /** Every transition. A reply not listed here, or for another step, changes nothing. */
    private static final List<Transition> TABLE = List.of(
            //             in state          on reply               log it as    next state        and send
            new Transition(RESERVING_STOCK,  StockReserved.class,   CONFIRMED,   CHARGING_PAYMENT,
                    (saga, stepId) -> new ChargePayment(stepId, saga.customerId(), saga.amountCents())),
            new Transition(RESERVING_STOCK,  StockRejected.class,   FAILED,      REJECTED,         NOTHING),
            new Transition(CHARGING_PAYMENT, PaymentCharged.class,  CONFIRMED,   COMMITTING_STOCK,
                    (saga, stepId) -> new CommitStock(stepId)),
            new Transition(CHARGING_PAYMENT, PaymentDeclined.class, FAILED,      RELEASING_STOCK,
                    (saga, stepId) -> new ReleaseStock(stepId, "payment declined")),
            new Transition(COMMITTING_STOCK, StockCommitted.class,  CONFIRMED,   COMPLETED,        NOTHING),
            new Transition(RELEASING_STOCK,  StockReleased.class,   COMPENSATED, SagaState.COMPENSATED, NOTHING));

    private final Supplier<UUID> stepIds;

    /** @param stepIds where new step ids come from ({@code UUID::randomUUID} in production) */
    public OrderSaga(Supplier<UUID> stepIds) {
        this.stepIds = stepIds;
    }

    /** An order was placed: reserve its stock. */
    public Decision start(UUID orderId, String customerId, long amountCents, List<OrderLine> items) {
        SagaCommand reserve = new ReserveStock(stepIds.get(), items);
        Saga saga = new Saga(orderId, customerId, amountCents, items, RESERVING_STOCK, reserve.step(), reserve.stepId());
        return Decision.applied(saga, List.of(LogEntry.issued(reserve)), reserve);
    }

    /** A participant replied. */
    public Decision on(Saga saga, SagaEvent event) {
        if (saga.state().isFinished()) {
            return Decision.ignored(saga, "the saga already ended " + saga.state());
        }
        if (!event.stepId().equals(saga.currentStepId())) {
            return Decision.ignored(saga, "it answers step " + event.stepId() + ", the saga waits for "
                    + saga.currentStep() + " " + saga.currentStepId());
        }
        Transition transition = TABLE.stream()
                .filter(t -> t.from() == saga.state() && t.on().isInstance(event))
                .findFirst()
                .orElse(null);
        if (transition == null) {
            return Decision.ignored(saga, event.getClass().getSimpleName() + " is not expected in " + saga.state());
        }
        SagaCommand command = transition.send().apply(saga, stepIds.get());
        List<LogEntry> log = new ArrayList<>();
        log.add(LogEntry.received(saga.currentStep(), event, transition.logAs()));
        if (command != null) {
            log.add(LogEntry.issued(command));
        }
        return Decision.applied(saga.next(transition.to(), command), log, command);
    }

    private record Transition(SagaState from, Class<? extends SagaEvent> on, LogEntry.Status logAs, SagaState to,
            BiFunction<Saga, UUID, SagaCommand> send) {
    }
}
