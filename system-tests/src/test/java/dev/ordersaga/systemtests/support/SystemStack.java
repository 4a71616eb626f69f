package dev.ordersaga.systemtests.support;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ordersaga.localstack.LocalStack;

/**
 * The one stack of the whole test run: Pulsar, PostgreSQL and the four services as processes, on ports of their own
 * (so a local stack a developer runs on 6650/8080/5433/8081-8084 is left alone). Started by the first test class that
 * needs it and stopped when the test run ends (the JUnit root store closes it; LocalStack's shutdown hook is the
 * fallback).
 */
public final class SystemStack implements BeforeAllCallback {

    /**
     * Moves every port (and the data directory) of the stack, so two checkouts can run their system tests side by
     * side: {@code ./mvnw verify -Dordersaga.test.port-offset=1000}.
     */
    public static final int PORT_OFFSET = Integer.getInteger("ordersaga.test.port-offset", 0);
    public static final int PULSAR_PORT = 16650 + PORT_OFFSET;
    public static final int PULSAR_HTTP_PORT = 18080 + PORT_OFFSET;
    public static final int POSTGRES_PORT = 15433 + PORT_OFFSET;
    public static final int BFF_PORT = 18081 + PORT_OFFSET;
    public static final int ORDER_SAGA_PORT = 18082 + PORT_OFFSET;
    public static final int INVENTORY_PORT = 18083 + PORT_OFFSET;
    public static final int PAYMENT_PORT = 18084 + PORT_OFFSET;

    private static LocalStack stack;
    private static RuntimeException startFailure;
    private static PulsarClient pulsar;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Session.class, key -> new Session(), Session.class);
        get();
    }

    /** The running stack, started on first use. */
    public static synchronized LocalStack get() {
        if (startFailure != null) {
            throw new IllegalStateException("The system-test stack failed to start earlier: " + startFailure.getMessage(),
                    startFailure);
        }
        if (stack == null) {
            try {
                stack = LocalStack.builder()
                        .dataDir(projectRoot().resolve("target").resolve("test-stack" + (PORT_OFFSET == 0 ? "" : "-" + PORT_OFFSET)))
                        .wipe(true)
                        .pulsarPort(PULSAR_PORT)
                        .pulsarHttpPort(PULSAR_HTTP_PORT)
                        .postgresPort(POSTGRES_PORT)
                        .servicePort(LocalStack.BFF_SERVICE, BFF_PORT)
                        .servicePort(LocalStack.ORDER_SAGA_SERVICE, ORDER_SAGA_PORT)
                        .servicePort(LocalStack.INVENTORY_SERVICE, INVENTORY_PORT)
                        .servicePort(LocalStack.PAYMENT_SERVICE, PAYMENT_PORT)
                        // generous: on a small, busy machine four Spring Boot services start slowly side by side
                        .pulsarStartTimeout(Duration.ofSeconds(180))
                        .serviceStartTimeout(Duration.ofSeconds(300))
                        .build()
                        .start();
            }
            catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return stack;
    }

    public static Path projectRoot() {
        return LocalStack.findProjectRoot();
    }

    public static HttpClient http() {
        return HTTP;
    }

    /** A Pulsar client of the tests themselves (publishing duplicates, poison, reading dead letters). */
    public static synchronized PulsarClient pulsar() {
        if (pulsar == null) {
            try {
                pulsar = PulsarClient.builder().serviceUrl(get().pulsarServiceUrl()).build();
            }
            catch (PulsarClientException e) {
                throw new IllegalStateException("Cannot create a Pulsar client for " + get().pulsarServiceUrl(), e);
            }
        }
        return pulsar;
    }

    private static synchronized void stop() {
        if (pulsar != null) {
            try {
                pulsar.close();
            }
            catch (PulsarClientException ignored) {
                // the broker goes away next anyway
            }
            pulsar = null;
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Lives in the root store of the test run: closed once, after the last test. */
    private static final class Session implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }
}
