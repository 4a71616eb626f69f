package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;

/** Bad requests are answered with problem details naming the field, and create nothing anywhere. */
@SystemTest
class BffValidationIT {

    @Test
    void theBffRejectsInvalidOrdersWithProblemDetailsAndCreatesNothing() {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(10_000);
        String line = "{\"sku\":\"" + sku + "\",\"qty\":1}";
        String c = "\"customerId\":\"" + customer + "\"";
        List<Invalid> invalid = List.of(
                new Invalid("empty items", "{" + c + ",\"items\":[],\"amount\":1.00}", "items"),
                new Invalid("qty 0", "{" + c + ",\"items\":[{\"sku\":\"" + sku + "\",\"qty\":0}],\"amount\":1.00}",
                        "items[0].qty"),
                new Invalid("negative amount", "{" + c + ",\"items\":[" + line + "],\"amount\":-5.00}", "amount"),
                new Invalid("malformed JSON", "{" + c + ",\"items\":[" + line + "],\"amount\":", "body"),
                new Invalid("qty a word", "{" + c + ",\"items\":[{\"sku\":\"" + sku + "\",\"qty\":\"two\"}],\"amount\":1.00}",
                        "items[0].qty"),
                new Invalid("amount a string", "{" + c + ",\"items\":[" + line + "],\"amount\":\"ten\"}", "amount"),
                new Invalid("missing customerId", "{\"items\":[" + line + "],\"amount\":1.00}", "customerId"));
        long ordersBefore = Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders");

        List<String> failures = new ArrayList<>();
        for (Invalid request : invalid) {
            Http.Response response = Bff.post(request.body());
            try {
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.isProblem()).as("problem+json").isTrue();
                JsonNode problem = response.json();
                assertThat(problem.path("status").asInt()).isEqualTo(400);
                List<String> fields = new ArrayList<>();
                problem.path("errors").forEach(e -> fields.add(e.path("field").asString()));
                assertThat(fields).as("fields named").contains(request.field());
                assertThat(problem.path("detail").asString()).contains(request.field());
                assertThat(response.body()).doesNotContain("Exception");
            }
            catch (AssertionError e) {
                failures.add(request.name() + ": " + e.getMessage() + "\n  " + response);
            }
        }
        assertThat(failures).as("invalid requests not answered as expected").isEmpty();

        assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders")).as("orders").isEqualTo(ordersBefore);
        assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders WHERE customer_id = ?", customer)).isZero();
        assertThat(TestData.stock(sku)).isEqualTo(new TestData.Stock(10, 0));
        assertThat(TestData.balanceCents(customer)).isEqualTo(10_000);
    }

    @Test
    void anUnknownOrderIsANotFoundProblem() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-an-order-id")) {
            Http.Response response = Bff.get(id);

            assertThat(response.status()).as("%s", response).isEqualTo(404);
            assertThat(response.isProblem()).as("%s", response).isTrue();
            assertThat(response.json().path("status").asInt()).isEqualTo(404);
        }
    }

    record Invalid(String name, String body, String field) {
    }
}
