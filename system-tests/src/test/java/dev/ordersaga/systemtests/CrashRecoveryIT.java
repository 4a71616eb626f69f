package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.OrderFlood;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/**
 * Crashes while 200 orders are in flight (placed at 200 a second; the fault comes once half are accepted): a service
 * killed with SIGKILL and started again, or the broker stopped for 20 s. The client retries a placement that got no
 * answer with the same Idempotency-Key, as a client of the API should. Every order ends, each was created once, and stock and money match exactly the orders that completed:
 * nothing lost, nothing twice.
 */
@SystemTest
class CrashRecoveryIT {

    private static final int ORDERS = 200;
    private static final int STOCK = 1_000;
    private static final long BALANCE = 10_000_000;
    private static final BigDecimal AMOUNT = new BigDecimal("3.00");
    private static final Duration RECOVERY = Duration.ofSeconds(300);

    @ParameterizedTest
    @ValueSource(strings = { LocalStack.PAYMENT_SERVICE, LocalStack.INVENTORY_SERVICE, LocalStack.ORDER_SAGA_SERVICE,
            LocalStack.BFF_SERVICE })
    void aServiceKilledWithOrdersInFlightLosesNothingAndDoesNothingTwice(String module) throws Exception {
        Run run = Run.start();
        run.flood.awaitAccepted(ORDERS / 2);
        long inFlight = run.inFlight();

        SystemStack.get().kill(module);
        SystemStack.get().start(module);

        assertThat(inFlight).as("orders not ended when %s was killed", module).isGreaterThan(ORDERS / 4);
        run.assertEveryOrderEndsOnceAndTheBooksBalance(module + " killed with " + inFlight + " orders in flight");
    }

    @Test
    void theBrokerStoppedForTwentySecondsLosesNothingAndDoesNothingTwice() throws Exception {
        LocalStack stack = SystemStack.get();
        Run run = Run.start();
        run.flood.awaitAccepted(ORDERS / 2);
        long inFlight = run.inFlight();
        stack.stopBroker();
        try {
            // The saga's commands wait in its outbox, failing and retrying, while the broker is away.
            await("outbox retries while the broker is down").atMost(Duration.ofSeconds(60))
                    .until(() -> Sql.count(Sql.ORDER_SAGA,
                            "SELECT count(*) FROM outbox WHERE status = 'PENDING' AND retry_count > 0") > 0);
            await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        }
        finally {
            stack.startBroker();
        }

        run.assertEveryOrderEndsOnceAndTheBooksBalance("broker stopped for 20 s with " + inFlight + " orders in flight");
    }

    /** One product, one customer and 200 orders of one unit each, placed at a steady pace. */
    private record Run(String sku, String customer, OrderFlood flood) {

        static Run start() {
            String sku = TestData.newProduct(STOCK);
            String customer = TestData.newCustomer(BALANCE);
            return new Run(sku, customer, OrderFlood.start(ORDERS, Bff.orderJson(customer, AMOUNT, new Line(sku, 1)),
                    RECOVERY));
        }

        /** Orders of the run not ended yet, counting those still being placed. */
        long inFlight() {
            return ORDERS - Sql.count(Sql.ORDER_SAGA,
                    "SELECT count(*) FROM orders WHERE customer_id = ? AND status <> 'PENDING'", customer);
        }

        void assertEveryOrderEndsOnceAndTheBooksBalance(String fault) throws Exception {
            List<String> orderIds = flood.awaitAll();
            assertThat(orderIds).as("one order per Idempotency-Key").doesNotHaveDuplicates().hasSize(ORDERS);
            assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders WHERE customer_id = ?", customer))
                    .as("orders created, retried placements included").isEqualTo(ORDERS);

            await("every order ends").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                    .until(() -> inFlight() == 0);
            List<String> statuses = new ArrayList<>();
            for (String orderId : orderIds) {
                statuses.add(Bff.getOrder(orderId).path("status").asString());
            }
            // Plenty of stock and money: an order ends COMPLETED, or COMPENSATED if a step timed out meanwhile.
            assertThat(statuses).allMatch(s -> s.equals("COMPLETED") || s.equals("COMPENSATED"), "completed or compensated");
            long completed = statuses.stream().filter("COMPLETED"::equals).count();

            await("stock and balance settle").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(TestData.stock(sku)).as("on hand, reserved").isEqualTo(new Stock((int) (STOCK - completed), 0));
                assertThat(TestData.balanceCents(customer)).as("balance")
                        .isEqualTo(BALANCE - completed * AMOUNT.movePointRight(2).longValueExact());
            });
            assertThat(Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE customer_id = ? AND status = 'CHARGED'",
                    customer)).as("orders charged and kept").isEqualTo(completed);
            // the figures of the README's crash table
            System.out.printf("%s: %d orders, %s, %d completed, %d compensated, 0 lost, 0 doubled%n",
                    fault, ORDERS, flood.retries(), completed, ORDERS - completed);
        }
    }
}
