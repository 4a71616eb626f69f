package dev.ordersaga.messaging;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.ordersaga.localstack.LocalStack;

/**
 * A real Pulsar broker and a real PostgreSQL for this module's tests, started once per test JVM on
 * ports of their own (so a running local stack is not disturbed) and stopped when the JVM exits.
 */
public final class TestStack {

    public static final String DATABASE = "messaging_test";

    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            stack = LocalStack.builder()
                    .dataDir(LocalStack.findProjectRoot().resolve("target").resolve("test-stack"))
                    .wipe(true)
                    .pulsarPort(16650)
                    .pulsarHttpPort(18080)
                    .postgresPort(15433)
                    .noServices()
                    .extraDatabases(DATABASE)
                    .build()
                    .start();
        }
        return stack;
    }

    public static void register(DynamicPropertyRegistry registry) {
        LocalStack stack = get();
        registry.add("spring.datasource.url", () -> stack.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", stack::dbUser);
        registry.add("spring.datasource.password", stack::dbPassword);
        registry.add("spring.pulsar.client.service-url", stack::pulsarServiceUrl);
        registry.add("spring.pulsar.admin.service-url", stack::pulsarAdminUrl);
    }
}
