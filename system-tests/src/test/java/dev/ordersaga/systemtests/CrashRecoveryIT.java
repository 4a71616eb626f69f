package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/**
 * Crashes while orders are in flight: a service killed with SIGKILL, or the broker stopped for 20 s. Every accepted
 * order still ends, and stock and money match exactly the orders that completed: nothing lost, nothing twice.
 */
@SystemTest
class CrashRecoveryIT {

    private static final int ORDERS = 30;
    private static final int STOCK = 1_000;
    private static final long BALANCE = 10_000_000;
    private static final BigDecimal AMOUNT = new BigDecimal("3.00");
    private static final Duration RECOVERY = Duration.ofSeconds(300);

    @ParameterizedTest
    @ValueSource(strings = { LocalStack.PAYMENT_SERVICE, LocalStack.INVENTORY_SERVICE, LocalStack.ORDER_SAGA_SERVICE })
    void aServiceKilledWithOrdersInFlightLosesNothingAndDoesNothingTwice(String module) throws Exception {
        Run run = placeOrders();

        SystemStack.get().kill(module);
        SystemStack.get().start(module);

        run.assertEveryOrderEndsAndTheBooksBalance();
    }

    @Test
    void theBrokerStoppedForTwentySecondsLosesNothingAndDoesNothingTwice() throws Exception {
        LocalStack stack = SystemStack.get();
        stack.stopBroker();
        Run run;
        try {
            run = placeOrders();
            // The saga's ReserveStock rows wait in its outbox, failing and retrying, while the broker is away.
            await("outbox retries while the broker is down").atMost(Duration.ofSeconds(60))
                    .until(() -> Sql.count(Sql.ORDER_SAGA,
                            "SELECT count(*) FROM outbox WHERE status = 'PENDING' AND retry_count > 0") > 0);
            await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        }
        finally {
            stack.startBroker();
        }

        run.assertEveryOrderEndsAndTheBooksBalance();
    }

    private static Run placeOrders() throws Exception {
        String sku = TestData.newProduct(STOCK);
        String customer = TestData.newCustomer(BALANCE);
        String body = Bff.orderJson(customer, AMOUNT, new Line(sku, 1));
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            posts.add(Bff.postAsync(body));
        }
        List<String> orderIds = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            orderIds.add(Http.JSON.readTree(response.body()).path("orderId").asString());
        }
        return new Run(sku, customer, orderIds);
    }

    private record Run(String sku, String customer, List<String> orderIds) {

        void assertEveryOrderEndsAndTheBooksBalance() {
            List<String> statuses = new ArrayList<>();
            for (String orderId : orderIds) {
                statuses.add(Bff.awaitTerminal(orderId, RECOVERY).path("status").asString());
            }
            // Plenty of stock and money: an order ends COMPLETED, or COMPENSATED if a step timed out meanwhile.
            assertThat(statuses).allMatch(s -> s.equals("COMPLETED") || s.equals("COMPENSATED"), "completed or compensated");
            long completed = statuses.stream().filter("COMPLETED"::equals).count();

            await("stock and balance settle").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Stock stock = TestData.stock(sku);
                assertThat(stock.onHand()).as("on hand").isEqualTo(STOCK - completed);
                assertThat(stock.reserved()).as("reserved").isZero();
                assertThat(TestData.balanceCents(customer)).as("balance")
                        .isEqualTo(BALANCE - completed * AMOUNT.movePointRight(2).longValueExact());
            });
            assertThat(Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE customer_id = ? AND status = 'CHARGED'",
                    customer)).as("orders charged and kept").isEqualTo(completed);
        }
    }
}
