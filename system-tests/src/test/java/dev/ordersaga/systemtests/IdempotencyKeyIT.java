package dev.ordersaga.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.ordersaga.systemtests.support.Bff;
import dev.ordersaga.systemtests.support.Http;
import dev.ordersaga.systemtests.support.Sql;
import dev.ordersaga.systemtests.support.SystemTest;
import dev.ordersaga.systemtests.support.TestData;

/** POST /saga/orders honours Idempotency-Key: one order per key, and a key cannot be reused for another order. */
@SystemTest
class IdempotencyKeyIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void theSameIdempotencyKeySentTwentyTimesConcurrentlyCreatesOneOrderThatCompletesOnce() {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(100_000);
        String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku + "\",\"qty\":1}],\"amount\":10.00}";
        String key = UUID.randomUUID().toString();

        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, 20)
                .mapToObj(i -> client.sendAsync(Bff.postRequest(body, key), HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> responses = sent.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(202));
        List<String> orderIds = responses.stream()
                .map(r -> Http.JSON.readTree(r.body()).path("orderId").asString()).distinct().toList();
        assertThat(orderIds).hasSize(1);
        assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders WHERE customer_id = ?", customer)).isEqualTo(1);

        assertThat(Bff.awaitTerminal(orderIds.get(0)).path("status").asString()).isEqualTo("COMPLETED");
        assertThat(TestData.balanceCents(customer)).isEqualTo(100_000 - 1_000);
        assertThat(TestData.stock(sku).onHand()).isEqualTo(9);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsAnUnprocessableProblemAndCreatesNothing() throws Exception {
        String sku = TestData.newProduct(10);
        String customer = TestData.newCustomer(100_000);
        String key = UUID.randomUUID().toString();
        String first = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku + "\",\"qty\":1}],\"amount\":10.00}";
        String other = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku + "\",\"qty\":2}],\"amount\":10.00}";
        assertThat(client.send(Bff.postRequest(first, key), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        HttpResponse<String> reused = client.send(Bff.postRequest(other, key), HttpResponse.BodyHandlers.ofString());

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reused.body()).contains("Idempotency-Key");
        assertThat(Sql.count(Sql.ORDER_SAGA, "SELECT count(*) FROM orders WHERE customer_id = ?", customer)).isEqualTo(1);
    }

}
