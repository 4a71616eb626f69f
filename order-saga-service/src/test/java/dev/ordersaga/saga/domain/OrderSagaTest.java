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
import dev.ordersaga.saga.domain.SagaCommand.ReleaseStock;
import dev.ordersaga.saga.domain.SagaCommand.ReserveStock;
import dev.ordersaga.saga.domain.SagaEvent.PaymentCharged;
import dev.ordersaga.saga.domain.SagaEvent.PaymentDeclined;
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
        assertThat(decision.command()).containsInstanceOf(ReserveStock.class);
        assertThat(((ReserveStock) decision.command().orElseThrow()).items()).isEqualTo(ITEMS);
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.RESERVE_STOCK, Type.COMMAND, Status.PENDING));
        assertThat(decision.log().get(0).stepId()).isEqualTo(decision.saga().currentStepId());
    }

    @Test
    void reservedStockChargesThePayment() {
        Saga saga = started();

        Decision decision = orderSaga.on(saga, new StockReserved(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.CHARGING_PAYMENT);
        ChargePayment charge = (ChargePayment) decision.command().orElseThrow();
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
        assertThat(decision.command()).isEmpty();
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
        assertThat(decision.command()).containsInstanceOf(CommitStock.class);
        assertRow(decision.log().get(0), Step.CHARGE_PAYMENT, Type.EVENT, Status.CONFIRMED);
        assertRow(decision.log().get(1), Step.COMMIT_STOCK, Type.COMMAND, Status.PENDING);
    }

    @Test
    void committedStockCompletesTheOrderWithAConfirmedLastRow() {
        Saga saga = reply(charging(), id -> new PaymentCharged(id, "100.00")).saga();

        Decision decision = orderSaga.on(saga, new StockCommitted(saga.currentStepId(), "A×2"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.COMPLETED);
        assertThat(decision.saga().state().orderStatus()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(decision.command()).isEmpty();
        assertThat(decision.log()).singleElement()
                .satisfies(row -> assertRow(row, Step.COMMIT_STOCK, Type.EVENT, Status.CONFIRMED));
    }

    @Test
    void declinedPaymentReleasesTheReservedStock() {
        Saga saga = charging();

        Decision decision = orderSaga.on(saga, new PaymentDeclined(saga.currentStepId(), "insufficient funds"));

        assertThat(decision.saga().state()).isEqualTo(SagaState.RELEASING_STOCK);
        assertThat(decision.command()).containsInstanceOf(ReleaseStock.class);
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
        assertThat(decision.command()).isEmpty();
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
        assertThat(again.command()).isEmpty();
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
        Saga saga = new Saga(ORDER, "alice", 10_000, ITEMS, finished, null, lastStep);

        for (SagaEvent event : everyEvent(lastStep)) {
            Decision decision = orderSaga.on(saga, event);
            assertThat(decision.isIgnored()).as("%s in %s", event, finished).isTrue();
            assertThat(decision.saga()).isEqualTo(saga);
            assertThat(decision.command()).isEmpty();
        }
    }

    /** Every state × every reply for the current step: exactly the table's six transitions apply. */
    @Test
    void onlyTheListedRepliesMoveAWaitingSaga() {
        int applied = 0;
        for (SagaState state : SagaState.values()) {
            if (state.isFinished()) {
                continue;
            }
            UUID step = UUID.randomUUID();
            Saga saga = new Saga(ORDER, "alice", 10_000, ITEMS, state, Step.RESERVE_STOCK, step);
            for (SagaEvent event : everyEvent(step)) {
                Decision decision = orderSaga.on(saga, event);
                if (!decision.isIgnored()) {
                    applied++;
                    assertThat(decision.saga().state()).isNotEqualTo(state);
                }
                else {
                    assertThat(decision.saga()).isEqualTo(saga);
                    assertThat(decision.log()).isEmpty();
                }
            }
        }
        assertThat(applied).isEqualTo(6);
    }

    private static List<SagaEvent> everyEvent(UUID stepId) {
        return List.of(new StockReserved(stepId, ""), new StockRejected(stepId, ""), new PaymentCharged(stepId, ""),
                new PaymentDeclined(stepId, ""), new StockCommitted(stepId, ""), new StockReleased(stepId, ""),
                new SagaEvent.PaymentRefunded(stepId, ""));
    }

    private Saga started() {
        return orderSaga.start(ORDER, "alice", 10_000, ITEMS).saga();
    }

    private Saga charging() {
        return reply(started(), id -> new StockReserved(id, "A×2")).saga();
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
