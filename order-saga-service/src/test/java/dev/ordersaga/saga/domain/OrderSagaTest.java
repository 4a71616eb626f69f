package dev.ordersaga.saga.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ordersaga.saga.domain.LogEntry.Status;
import dev.ordersaga.saga.domain.LogEntry.Type;
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

class OrderSagaTest {

    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final List<OrderLine> ITEMS = List.of(new OrderLine("A", 2));

    private final AtomicInteger ids = new AtomicInteger();
    private final OrderSaga orderSaga = new OrderSaga(() -> new UUID(0, ids.incrementAndGet()));

    @Test
    void placingAnOrderReservesItsStock() {
        Decision decision = orderSaga.start(ORDER, "alice", 10_000, ITEMS);

        assertThat(decision.saga().state()).isEqualTo(SagaState.RESERVING_STOCK);
        assertThat(decision.next()).containsInstanceOf(ReserveStock.class);
        assertThat(((ReserveStock) decision.next().orElseThrow()).items()).isEqualTo(ITEMS);
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.RESERVE_STOCK, Type.COMMAND, Status.PENDING));
        assertThat(decision.log().get(0).stepId()).isEqualTo(decision.saga().currentStepId());
    }

    @Test
    void reservedStockChargesThePayment() {
        Saga saga = started();

        Decision decision = orderSaga.on(saga, new StockReserved(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.CHARGING_PAYMENT);
        ChargePayment charge = (ChargePayment) decision.next().orElseThrow();
        assertThat(charge.customerId()).isEqualTo("alice");
        assertThat(charge.amountCents()).isEqualTo(10_000);
        assertThat(decision.log()).hasSize(2);
        assertRow(decision.log().get(0), Step.RESERVE_STOCK, Type.EVENT, Status.CONFIRMED);
        assertRow(decision.log().get(1), Step.CHARGE_PAYMENT, Type.COMMAND, Status.PENDING);
        assertThat(decision.log().get(0).stepId()).isEqualTo(saga.currentStepId());
        assertThat(charge.stepId()).isNotEqualTo(saga.currentStepId()).isEqualTo(decision.saga().currentStepId());
    }

    @Test
    void refusedStockRejectsTheOrderWithNothingToCompensate() {
        Saga saga = started();

        Decision decision = orderSaga.on(saga, new StockRejected(saga.currentStepId(), "not enough stock of A"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.REJECTED);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(decision.next()).isEmpty();
        assertThat(decision.log()).singleElement().satisfies(row -> {
            assertRow(row, Step.RESERVE_STOCK, Type.EVENT, Status.FAILED);
            assertThat(row.error()).isEqualTo("not enough stock of A");
        });
    }

    @Test
    void chargedPaymentCommitsTheStock() {
        Saga saga = charging();

        Decision decision = orderSaga.on(saga, new PaymentCharged(saga.currentStepId(), "100.00"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMMITTING_STOCK);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.PENDING);
        assertThat(decision.next()).containsInstanceOf(CommitStock.class);
        assertRow(decision.log().get(0), Step.CHARGE_PAYMENT, Type.EVENT, Status.CONFIRMED);
        assertRow(decision.log().get(1), Step.COMMIT_STOCK, Type.COMMAND, Status.PENDING);
    }

    @Test
    void committedStockCompletesTheOrderWithAConfirmedLastRow() {
        Saga saga = reply(charging(), id -> new PaymentCharged(id, "100.00")).saga();

        Decision decision = orderSaga.on(saga, new StockCommitted(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPLETED);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(decision.next()).isEmpty();
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.COMMIT_STOCK, Type.EVENT, Status.CONFIRMED));
    }

    @Test
    void declinedPaymentReleasesTheReservedStock() {
        Saga saga = charging();

        Decision decision = orderSaga.on(saga, new PaymentDeclined(saga.currentStepId(), "insufficient funds"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.RELEASING_STOCK);
        assertThat(decision.next()).containsInstanceOf(ReleaseStock.class);
        assertRow(decision.log().get(0), Step.CHARGE_PAYMENT, Type.EVENT, Status.FAILED);
        assertThat(decision.log().get(0).error()).isEqualTo("insufficient funds");
        assertRow(decision.log().get(1), Step.RELEASE_STOCK, Type.COMMAND, Status.PENDING);
    }

    @Test
    void releasedStockEndsTheOrderCompensated() {
        Saga saga = reply(charging(), id -> new PaymentDeclined(id, "insufficient funds")).saga();

        Decision decision = orderSaga.on(saga, new StockReleased(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.COMPENSATED);
        assertThat(decision.next()).isEmpty();
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.RELEASE_STOCK, Type.EVENT, Status.COMPENSATED));
    }

    @Test
    void aReplyRepeatedAfterTheSagaMovedOnChangesNothing() {
        Saga saga = started();
        StockReserved reserved = new StockReserved(saga.currentStepId(), "A×2");
        Saga charging = orderSaga.on(saga, reserved).saga();

        Decision again = orderSaga.on(charging, reserved);

        assertThat(again.isIgnored()).isTrue();
        assertThat(again.saga()).isEqualTo(charging);
        assertThat(again.log()).isEmpty();
        assertThat(again.next()).isEmpty();
    }

    @Test
    void aReplyForAnotherStepIsIgnored() {
        Saga saga = charging();

        Decision decision = orderSaga.on(saga, new PaymentDeclined(UUID.randomUUID(), "insufficient funds"));

        assertThat(decision.isIgnored()).isTrue();
        assertThat(decision.ignoredBecause().orElseThrow()).contains("waits for CHARGE_PAYMENT");
        assertThat(decision.saga()).isEqualTo(saga);
    }

    static Stream<Arguments> finishedSagas() {
        return Stream.of(SagaState.values()).filter(SagaState::isFinished).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("finishedSagas")
    void anyReplyToAFinishedSagaIsIgnored(SagaState finished) {
        UUID lastStep = UUID.randomUUID();
        Saga saga = new Saga(ORDER, "alice", 10_000, ITEMS, finished, null, lastStep, 1);

        for (SagaEvent event : everyEvent(lastStep)) {
            Decision decision = orderSaga.on(saga, event);
            assertThat(decision.isIgnored()).as("%s in %s", event, finished).isTrue();
            assertThat(decision.saga()).isEqualTo(saga);
            assertThat(decision.next()).isEmpty();
        }
    }

    /**
     * Every state × every reply (and timeout) for the current step: exactly the table's eleven transitions
     * apply (the guarded pairs, a compensation's timeout with attempts left or not, count once).
     */
    @Test
    void onlyTheListedRepliesMoveAWaitingSaga() {
        int applied = 0;
        for (SagaState state : SagaState.values()) {
            if (state.isFinished()) {
                continue;
            }
            for (int attempts : new int[] { 1, OrderSaga.DEFAULT_MAX_COMPENSATION_ATTEMPTS }) {
                UUID step = UUID.randomUUID();
                Saga saga = new Saga(ORDER, "alice", 10_000, ITEMS, state, Step.RESERVE_STOCK, step, attempts);
                for (SagaEvent event : everyEvent(step)) {
                    Decision decision = orderSaga.on(saga, event);
                    if (!decision.isIgnored()) {
                        if (attempts == 1 || decision.saga().state() == SagaState.COMPENSATION_FAILED) {
                            applied++;
                        }
                        assertThat(decision.log()).isNotEmpty();
                        assertThat(decision.saga().state() != state
                                || !decision.saga().currentStepId().equals(step)).as("%s in %s", event, state)
                                .isTrue();
                    }
                    else {
                        assertThat(decision.saga()).isEqualTo(saga);
                        assertThat(decision.log()).isEmpty();
                    }
                }
            }
        }
        assertThat(applied).isEqualTo(11);
    }

    // ---- step timeouts -------------------------------------------------------------------------------------

    @Test
    void aReserveStepWithNoReplyEndsTheOrderAndCancelsTheReserveWithAReleaseItDoesNotWaitFor() {
        Saga saga = started();

        Decision decision = orderSaga.on(saga, new StepTimedOut(saga.currentStepId(), "no reply within 30s"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.COMPENSATED);
        assertThat(decision.saga().isWaiting()).isFalse();
        ReleaseStock cancel = (ReleaseStock) decision.cancel().orElseThrow();
        assertThat(cancel.reason()).isEqualTo("reserve step timed out");
        assertThat(cancel.stepId()).isNotEqualTo(saga.currentStepId());
        assertThat(decision.next()).isEmpty();
        assertThat(decision.commands()).containsExactly(cancel);
        assertThat(decision.log()).hasSize(2);
        assertRow(decision.log().get(0), Step.RESERVE_STOCK, Type.EVENT, Status.FAILED);
        assertThat(decision.log().get(0).error()).isEqualTo("no reply within 30s");
        assertThat(decision.log().get(0).stepId()).isEqualTo(saga.currentStepId());
        assertRow(decision.log().get(1), Step.RELEASE_STOCK, Type.COMMAND, Status.SENT);
        assertThat(decision.log().get(1).stepId()).isEqualTo(cancel.stepId());
    }

    @Test
    void aChargeStepWithNoReplyIsCancelledWithARefundAndTheReservedStockIsReleased() {
        Saga saga = charging();

        Decision decision = orderSaga.on(saga, new StepTimedOut(saga.currentStepId(), "no reply within 30s"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.RELEASING_STOCK);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.PENDING);
        RefundPayment cancel = (RefundPayment) decision.cancel().orElseThrow();
        assertThat(cancel.reason()).isEqualTo("charge step timed out");
        ReleaseStock release = (ReleaseStock) decision.next().orElseThrow();
        assertThat(release.stepId()).isEqualTo(decision.saga().currentStepId()).isNotEqualTo(cancel.stepId());
        assertThat(decision.saga().currentStep()).isEqualTo(Step.RELEASE_STOCK);
        assertThat(decision.commands()).containsExactly(cancel, release);
        assertRow(decision.log().get(0), Step.CHARGE_PAYMENT, Type.EVENT, Status.FAILED);
        assertThat(decision.log().get(0).error()).isEqualTo("no reply within 30s");
        assertRow(decision.log().get(1), Step.REFUND_PAYMENT, Type.COMMAND, Status.SENT);
        assertRow(decision.log().get(2), Step.RELEASE_STOCK, Type.COMMAND, Status.PENDING);

        Decision released = reply(decision.saga(), id -> new StockReleased(id, "A×2"));
        assertThat(released.saga().state()).isEqualTo(SagaState.COMPENSATED);
    }

    @Test
    void theReplyToACancelChangesNothing() {
        Saga charging = charging();
        Decision timedOut = timeOut(charging);
        UUID refundStep = timedOut.cancel().orElseThrow().stepId();

        Decision refunded = orderSaga.on(timedOut.saga(), new PaymentRefunded(refundStep, "refunded 100.00"));
        assertThat(refunded.isIgnored()).isTrue();
        assertThat(refunded.saga()).isEqualTo(timedOut.saga());

        Saga compensated = reply(timedOut.saga(), id -> new StockReleased(id, "A×2")).saga();
        assertThat(orderSaga.on(compensated, new PaymentRefunded(refundStep, "refunded 100.00")).isIgnored()).isTrue();
    }

    @Test
    void aCommitStepWithNoReplySendsTheCommitAgainUnderANewStepId() {
        Saga saga = committing();

        Decision decision = orderSaga.on(saga, new StepTimedOut(saga.currentStepId(), "no reply within 30s"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMMITTING_STOCK);
        CommitStock commit = (CommitStock) decision.next().orElseThrow();
        assertThat(commit.stepId()).isNotEqualTo(saga.currentStepId()).isEqualTo(decision.saga().currentStepId());
        assertThat(decision.saga().stepAttempts()).isEqualTo(2);
        assertRow(decision.log().get(0), Step.COMMIT_STOCK, Type.EVENT, Status.FAILED);
        assertThat(decision.log().get(0).error()).isEqualTo("no reply within 30s; retrying");
        assertRow(decision.log().get(1), Step.COMMIT_STOCK, Type.COMMAND, Status.PENDING);
    }

    @Test
    void aCommitIsRetriedForeverAndTheRetryCanComplete() {
        Saga saga = committing();
        for (int i = 0; i < 10; i++) {
            saga = timeOut(saga).saga();
            assertThat(saga.state()).isEqualTo(SagaState.COMMITTING_STOCK);
        }

        Decision decision = orderSaga.on(saga, new StockCommitted(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPLETED);
    }

    @Test
    void aLateReplyForATimedOutStepIsIgnored() {
        Saga reserving = started();
        Saga compensated = timeOut(reserving).saga();

        Decision lateReserve = orderSaga.on(compensated, new StockReserved(reserving.currentStepId(), "A×2"));

        assertThat(lateReserve.isIgnored()).isTrue();
        assertThat(lateReserve.ignoredBecause().orElseThrow()).contains("already ended COMPENSATED");
        assertThat(lateReserve.saga()).isEqualTo(compensated);

        Saga charging = charging();
        Saga releasing = timeOut(charging).saga();
        Decision lateCharge = orderSaga.on(releasing, new PaymentCharged(charging.currentStepId(), "100.00"));
        assertThat(lateCharge.isIgnored()).isTrue();
        assertThat(lateCharge.ignoredBecause().orElseThrow()).contains("waits for RELEASE_STOCK");
        assertThat(lateCharge.saga()).isEqualTo(releasing);

        Saga committing = committing();
        Saga committingAgain = timeOut(committing).saga();
        Decision lateCommit = orderSaga.on(committingAgain, new StockCommitted(committing.currentStepId(), "A×2"));
        assertThat(lateCommit.isIgnored()).isTrue();
    }

    @Test
    void aTimeoutForAnEarlierStepIsIgnored() {
        Saga reserving = started();
        Saga charging = reply(reserving, id -> new StockReserved(id, "A×2")).saga();

        Decision decision = orderSaga.on(charging, new StepTimedOut(reserving.currentStepId(), "no reply"));

        assertThat(decision.isIgnored()).isTrue();
        assertThat(decision.saga()).isEqualTo(charging);
    }

    @Test
    void aReleaseWithNoReplyIsRetriedThenParkedAfterFiveAttempts() {
        Saga saga = releasing();
        List<UUID> stepIds = new java.util.ArrayList<>(List.of(saga.currentStepId()));
        for (int attempt = 2; attempt <= 5; attempt++) {
            Decision retry = timeOut(saga);
            saga = retry.saga();
            assertThat(saga.state()).isEqualTo(SagaState.RELEASING_STOCK);
            assertThat(saga.stepAttempts()).isEqualTo(attempt);
            assertThat(retry.next()).containsInstanceOf(ReleaseStock.class);
            assertRow(retry.log().get(0), Step.RELEASE_STOCK, Type.EVENT, Status.FAILED);
            assertRow(retry.log().get(1), Step.RELEASE_STOCK, Type.COMMAND, Status.PENDING);
            stepIds.add(saga.currentStepId());
        }
        assertThat(stepIds).doesNotHaveDuplicates();

        Decision parked = timeOut(saga);

        assertThat(parked.saga().state()).isEqualTo(SagaState.COMPENSATION_FAILED);
        assertThat(parked.saga().state().orderStatus()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
        assertThat(parked.saga().state().isFinished()).isTrue();
        assertThat(parked.saga().currentStep()).isEqualTo(Step.RELEASE_STOCK);
        assertThat(parked.next()).isEmpty();
        assertThat(parked.log()).singleElement().satisfies(row -> {
            assertRow(row, Step.RELEASE_STOCK, Type.EVENT, Status.FAILED);
            assertThat(row.error()).isEqualTo("release stock got no reply after 5 attempts");
        });
        assertThat(orderSaga.on(parked.saga(), new StockReleased(saga.currentStepId(), "A×2")).isIgnored()).isTrue();
    }

    @Test
    void theReleaseAfterATimedOutChargeIsRetriedThenParkedAfterTheConfiguredAttempts() {
        OrderSaga twoAttempts = new OrderSaga(() -> new UUID(0, ids.incrementAndGet()), 2);
        Saga saga = timeOut(charging()).saga();

        Decision retry = twoAttempts.on(saga, new StepTimedOut(saga.currentStepId(), "no reply within 1s"));
        assertThat(retry.saga().state()).isEqualTo(SagaState.RELEASING_STOCK);
        assertThat(retry.saga().stepAttempts()).isEqualTo(2);
        assertThat(retry.next()).containsInstanceOf(ReleaseStock.class);
        assertThat(retry.cancel()).as("the charge was cancelled once, with the first timeout").isEmpty();

        Decision parked = twoAttempts.on(retry.saga(),
                new StepTimedOut(retry.saga().currentStepId(), "no reply within 1s"));
        assertThat(parked.saga().state()).isEqualTo(SagaState.COMPENSATION_FAILED);
        assertThat(parked.log()).singleElement().satisfies(row -> {
            assertRow(row, Step.RELEASE_STOCK, Type.EVENT, Status.FAILED);
            assertThat(row.error()).isEqualTo("release stock got no reply after 2 attempts");
        });
    }

    @Test
    void aRetriedReleaseThatIsAnsweredCompensatesTheOrder() {
        Saga saga = timeOut(releasing()).saga();

        Decision decision = orderSaga.on(saga, new StockReleased(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPENSATED);
    }

    @Test
    void anOperatorRetrySendsTheParkedCompensationAgainWithItsAttemptsReset() {
        Saga parked = parkedRelease();

        Decision decision = orderSaga.retryCompensation(parked);

        assertThat(decision.isIgnored()).isFalse();
        assertThat(decision.saga().state()).isEqualTo(SagaState.RELEASING_STOCK);
        assertThat(decision.saga().stepAttempts()).isEqualTo(1);
        ReleaseStock release = (ReleaseStock) decision.next().orElseThrow();
        assertThat(release.stepId()).isNotEqualTo(parked.currentStepId()).isEqualTo(decision.saga().currentStepId());
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.RELEASE_STOCK, Type.COMMAND, Status.PENDING));

        Decision released = orderSaga.on(decision.saga(), new StockReleased(release.stepId(), "A×2"));
        assertThat(released.saga().state()).isEqualTo(SagaState.COMPENSATED);
    }

    @Test
    void onlyAParkedSagaCanBeRetried() {
        for (Saga saga : List.of(started(), charging(), releasing(), timeOut(started()).saga(),
                reply(releasing(), id -> new StockReleased(id, "A×2")).saga())) {
            Decision decision = orderSaga.retryCompensation(saga);
            assertThat(decision.isIgnored()).as("%s", saga.state()).isTrue();
            assertThat(decision.saga()).isEqualTo(saga);
            assertThat(decision.next()).isEmpty();
        }
    }

    private static List<SagaEvent> everyEvent(UUID stepId) {
        return List.of(new StockReserved(stepId, ""), new StockRejected(stepId, ""), new PaymentCharged(stepId, ""),
                new PaymentDeclined(stepId, ""), new StockCommitted(stepId, ""), new StockReleased(stepId, ""),
                new PaymentRefunded(stepId, ""), new StepTimedOut(stepId, ""));
    }

    private Saga started() {
        return orderSaga.start(ORDER, "alice", 10_000, ITEMS).saga();
    }

    private Saga charging() {
        return reply(started(), id -> new StockReserved(id, "A×2")).saga();
    }

    private Saga committing() {
        return reply(charging(), id -> new PaymentCharged(id, "100.00")).saga();
    }

    private Saga releasing() {
        return reply(charging(), id -> new PaymentDeclined(id, "insufficient funds")).saga();
    }

    private Saga parkedRelease() {
        Saga saga = releasing();
        while (saga.state() != SagaState.COMPENSATION_FAILED) {
            saga = timeOut(saga).saga();
        }
        return saga;
    }

    private Decision timeOut(Saga saga) {
        return reply(saga, id -> new StepTimedOut(id, "no reply within 30s"));
    }

    private Decision reply(Saga saga, Function<UUID, SagaEvent> event) {
        Decision decision = orderSaga.on(saga, event.apply(saga.currentStepId()));
        assertThat(decision.isIgnored()).isFalse();
        return decision;
    }

    private static void assertRow(LogEntry row, Step step, Type type, Status status) {
        assertThat(row.step()).isEqualTo(step);
        assertThat(row.type()).isEqualTo(type);
        assertThat(row.status()).isEqualTo(status);
    }
}
