package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/** Many customers racing for the last units: no overselling, no lost units, no wrong charges. */
@SystemTest
class ConcurrencyIT {

    @Test
    void fiftyConcurrentOrdersForTenUnitsCompleteExactlyTen() throws Exception {
        String sku = TestData.newProduct(10);
        long startBalance = 1_000_000;
        String customer = TestData.newCustomer(startBalance);
        BigDecimal amount = new BigDecimal("7.25");
        String body = Bff.orderJson(customer, amount, new Line(sku, 1));

        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            posts.add(Bff.postAsync(body));
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<String> orderIds = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            orderIds.add(Http.JSON.readTree(response.body()).path("orderId").asString());
        }
        assertThat(orderIds).doesNotHaveDuplicates().hasSize(50);

        Map<String, String> statuses = new ConcurrentHashMap<>();
        await("all 50 orders terminal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    // while they run: the stock is never oversold
                    Stock stock = TestData.stock(sku);
                    assertThat(stock.reserved()).isBetween(0, stock.onHand());
                    for (String orderId : orderIds) {
                        if (!statuses.containsKey(orderId)) {
                            String status = Bff.getOrder(orderId).path("status").asString();
                            if (Bff.TERMINAL.contains(status)) {
                                statuses.put(orderId, status);
                            }
                        }
                    }
                    assertThat(statuses).hasSize(50);
                });

        Map<String, Long> byStatus = statuses.values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(byStatus).isEqualTo(Map.of("COMPLETED", 10L, "REJECTED", 40L));
        assertThat(TestData.stock(sku)).isEqualTo(new Stock(0, 0));
        assertThat(Sql.count(Sql.INVENTORY,
                "SELECT count(*) FROM products WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand"))
                .as("products with negative or oversold stock").isZero();
        assertThat(Sql.rows(Sql.INVENTORY, """
                SELECT conname FROM pg_constraint
                 WHERE conrelid = 'products'::regclass AND contype = 'c'
                """).stream().map(r -> (String) r.get("conname")).toList())
                .as("the database itself refuses overselling")
                .contains("products_reserved_within_on_hand");
        long amountCents = amount.movePointRight(2).longValueExact();
        assertThat(TestData.balanceCents(customer)).isEqualTo(startBalance - 10 * amountCents);
        assertThat(Sql.count(Sql.PAYMENT,
                "SELECT count(*) FROM payments WHERE customer_id = ? AND status = 'CHARGED'", customer)).isEqualTo(10);

        // each completed order holds its one unit, committed; each rejected one holds none
        for (Map.Entry<String, String> e : statuses.entrySet()) {
            JsonNode order = Bff.getOrder(e.getKey());
            String lastStatus = Bff.lastLogRow(order).path("status").asString();
            assertThat(lastStatus).as("%s", order).isEqualTo(e.getValue().equals("COMPLETED") ? "CONFIRMED" : "FAILED");
        }
        assertThat(Sql.count(Sql.INVENTORY, """
                SELECT count(*) FROM reservations r JOIN reservation_lines l ON l.order_id = r.order_id
                 WHERE l.sku = ? AND r.status = 'COMMITTED'
                """, sku)).isEqualTo(10);
    }
}
