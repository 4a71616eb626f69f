package dev.ordersaga.messaging;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.ordersaga.localstack.LocalStack;

/**
 * A real Pulsar broker and a real PostgreSQL for this module's tests, started once per test JVM on
 * ports of their own (so a running local stack is not disturbed) and stopped when the JVM exits.
 */
public final class TestStack {

    public static final String DATABASE = "messaging_test";

    /**
     * Moves every port (and the data directory) of the test stacks, so two checkouts can run their tests side by
     * side: {@code ./mvnw verify -Dordersaga.test.port-offset=1000}.
     */
    public static final int PORT_OFFSET = Integer.getInteger("ordersaga.test.port-offset", 0);

    private static LocalStack stack;

    private TestStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            stack = LocalStack.builder()
                    .dataDir(LocalStack.findProjectRoot().resolve("target").resolve("test-stack" + (PORT_OFFSET == 0 ? "" : "-" + PORT_OFFSET)))
                    .wipe(true)
                    .pulsarPort(16650 + PORT_OFFSET)
                    .pulsarHttpPort(18080 + PORT_OFFSET)
                    .postgresPort(15433 + PORT_OFFSET)
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
