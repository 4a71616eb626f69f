package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.localstack.LocalStack;
import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Bff.Line;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemStack;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;
import dev.ordersaga.systemtests.support.TestData.Stock;

/** The three ways an order ends, seen through the BFF, with their effect on stock and balances. */
@SystemTest
class OrderOutcomesIT {

    @Test
    void aPaidOrderCompletesAndCommitsItsStock() {
        String sku = TestData.newProduct(20);
        String customer = TestData.newCustomer(100_000);

        Http.Response response = Bff.post(Bff.orderJson(customer, new BigDecimal("12.34"), new Line(sku, 3)));

        assertThat(response.status()).as("%s", response).isEqualTo(202);
        JsonNode accepted = response.json();
        String orderId = accepted.path("orderId").asString();
        assertThat(orderId).isNotBlank();
        assertThat(accepted.path("status").asString()).isEqualTo("PENDING");
        assertThat(response.location()).as("Location header").isPresent();
        URI location = Bff.orders().resolve(response.location().orElseThrow());
        assertThat(location.toString()).endsWith("/saga/orders/" + orderId);
        assertThat(Http.get(location).status()).isEqualTo(200);

        JsonNode order = Bff.awaitTerminal(orderId);

        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("COMPLETED");
        assertThat(order.path("customerId").asString()).isEqualTo(customer);
        assertThat(order.path("amount").decimalValue()).isEqualByComparingTo("12.34");
        assertThat(Bff.lastLogRow(order).path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(Bff.logLines(order)).as("%s", order).containsExactly(
                "RESERVE_STOCK COMMAND PENDING",
                "RESERVE_STOCK EVENT CONFIRMED",
                "CHARGE_PAYMENT COMMAND PENDING",
                "CHARGE_PAYMENT EVENT CONFIRMED",
                "COMMIT_STOCK COMMAND PENDING",
                "COMMIT_STOCK EVENT CONFIRMED");
        assertLogIsWellFormed(order);

        assertThat(TestData.stock(sku)).isEqualTo(new Stock(17, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(100_000 - 1_234);
        // the same through the participants' own read APIs
        JsonNode product = Http.get(URI.create(SystemStack.get().serviceUrl(LocalStack.INVENTORY_SERVICE) + "/products/" + sku)).json();
        assertThat(product.path("onHand").asInt()).isEqualTo(17);
        assertThat(product.path("reserved").asInt()).isZero();
        JsonNode account = Http.get(URI.create(SystemStack.get().serviceUrl(LocalStack.PAYMENT_SERVICE) + "/accounts/" + customer)).json();
        assertThat(account.path("balanceCents").asLong()).isEqualTo(100_000 - 1_234);
    }

    @Test
    void anOrderForMoreThanTheStockIsRejectedAndChangesNothing() {
        String sku = TestData.newProduct(3);
        String customer = TestData.newCustomer(50_000);

        Bff.Placed placed = Bff.place(customer, new BigDecimal("10.00"), new Line(sku, 5));
        JsonNode order = Bff.awaitTerminal(placed.orderId());

        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("REJECTED");
        assertThat(Bff.logLines(order)).containsExactly("RESERVE_STOCK COMMAND PENDING", "RESERVE_STOCK EVENT FAILED");
        JsonNode last = Bff.lastLogRow(order);
        assertThat(last.path("status").asString()).isEqualTo("FAILED");
        assertThat(last.path("error").asString()).as("error of %s", last).contains(sku);
        assertLogIsWellFormed(order);
        assertThat(TestData.stock(sku)).isEqualTo(new Stock(3, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(50_000);
        assertThat(Sql.count(Sql.PAYMENT, "SELECT count(*) FROM payments WHERE order_id = ?", placed.orderId()))
                .as("payments of a rejected order").isZero();
    }

    @Test
    void anOrderForAnUnknownSkuIsRejectedAndChangesNothing() {
        String known = TestData.newProduct(10);
        String unknown = TestData.unknownSku();
        String customer = TestData.newCustomer(50_000);

        Bff.Placed placed = Bff.place(customer, new BigDecimal("1.00"), new Line(known, 1), new Line(unknown, 1));
        JsonNode order = Bff.awaitTerminal(placed.orderId());

        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("REJECTED");
        JsonNode last = Bff.lastLogRow(order);
        assertThat(last.path("status").asString()).isEqualTo("FAILED");
        assertThat(last.path("error").asString()).as("error of %s", last).contains(unknown);
        assertThat(TestData.stock(known)).as("all lines or none").isEqualTo(new Stock(10, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(50_000);
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndEndsCompensated() {
        String sku = TestData.newProduct(8);
        String customer = TestData.newCustomer(500);

        Bff.Placed placed = Bff.place(customer, new BigDecimal("20.00"), new Line(sku, 2));
        JsonNode order = Bff.awaitTerminal(placed.orderId());

        assertThat(order.path("status").asString()).as("%s", order).isEqualTo("COMPENSATED");
        assertThat(Bff.logLines(order)).as("%s", order).containsExactly(
                "RESERVE_STOCK COMMAND PENDING",
                "RESERVE_STOCK EVENT CONFIRMED",
                "CHARGE_PAYMENT COMMAND PENDING",
                "CHARGE_PAYMENT EVENT FAILED",
                "RELEASE_STOCK COMMAND PENDING",
                "RELEASE_STOCK EVENT COMPENSATED");
        assertThat(Bff.lastLogRow(order).path("status").asString()).isEqualTo("COMPENSATED");
        assertLogIsWellFormed(order);
        assertThat(TestData.stock(sku)).isEqualTo(new Stock(8, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(500);
    }

    /** Each step's command and reply share a step id; timestamps are ISO-8601 and never go back. */
    static void assertLogIsWellFormed(JsonNode order) {
        List<Instant> times = new ArrayList<>();
        String commandStepId = null;
        for (JsonNode row : order.path("log")) {
            String ts = row.path("ts").asString();
            try {
                times.add(Instant.parse(ts));
            }
            catch (DateTimeParseException e) {
                throw new AssertionError("ts is not ISO-8601: '" + ts + "' in " + row, e);
            }
            assertThat(row.path("stepId").asString()).as("stepId of %s", row).isNotBlank();
            if (row.path("type").asString().equals("COMMAND")) {
                commandStepId = row.path("stepId").asString();
            }
            else {
                assertThat(row.path("stepId").asString()).as("the reply answers the command before it: %s", row)
                        .isEqualTo(commandStepId);
            }
        }
        assertThat(times).as("timestamps of %s", order).isSorted();
    }
}
