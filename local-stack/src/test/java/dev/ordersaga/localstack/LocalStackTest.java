package dev.ordersaga.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What can be checked without starting a broker (the system tests start the real thing). */
class LocalStackTest {

    @TempDir
    Path tmp;

    @Test
    void missingServiceJarsFailFastBeforeAnythingStarts() {
        LocalStack stack = LocalStack.builder().projectRoot(tmp).dataDir(tmp.resolve("stack")).build();
        assertThatThrownBy(stack::start)
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("inventory-service.jar")
                .hasMessageContaining("./mvnw -DskipTests package");
        assertThat(Files.exists(tmp.resolve("stack").resolve("pulsar-4.0.8"))).isFalse();
        stack.close(); // harmless
    }

    @Test
    void urlsFollowTheBuilder() {
        LocalStack stack = LocalStack.builder().projectRoot(tmp)
                .servicePort(LocalStack.BFF_SERVICE, 9081)
                .externalPostgres("jdbc:postgresql://db:5432", "saga", "pw")
                .services(LocalStack.BFF_SERVICE, LocalStack.ORDER_SAGA_SERVICE)
                .build();
        assertThat(stack.bffUrl()).isEqualTo("http://localhost:9081");
        assertThat(stack.serviceUrl(LocalStack.ORDER_SAGA_SERVICE)).isEqualTo("http://localhost:8082");
        assertThat(stack.services()).containsExactly(LocalStack.BFF_SERVICE, LocalStack.ORDER_SAGA_SERVICE);
        assertThat(stack.jdbcUrl("order_saga")).isEqualTo("jdbc:postgresql://db:5432/order_saga");
        assertThat(stack.dbUser()).isEqualTo("saga");
        assertThat(stack.dbPassword()).isEqualTo("pw");
        assertThat(stack.isEmbeddedPostgres()).isFalse();
        assertThat(stack.logFile(LocalStack.BFF_SERVICE)).isEqualTo(tmp.resolve(".local-stack/logs/bff-service.log"));
        assertThatThrownBy(() -> stack.kill(LocalStack.PAYMENT_SERVICE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalStack.builder().services("nope")).hasMessageContaining("Unknown service");
    }
}
