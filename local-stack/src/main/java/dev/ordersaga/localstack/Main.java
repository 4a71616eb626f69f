package dev.ordersaga.localstack;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code bin/local-stack}: starts everything, prints where it is, runs the demo, stays up until Ctrl-C. */
public final class Main {

    static final String USAGE = """
            Usage: bin/local-stack [options]
              Starts Pulsar standalone, PostgreSQL and the four services locally (no Docker), runs a demo
              and stays up until Ctrl-C, which stops everything it started.

              --data-dir DIR               broker/database data, logs, unpacked Pulsar (default <project>/.local-stack)
              --wipe                       delete broker and database data first (keeps the unpacked Pulsar and logs;
                                           with --external-postgres: drops and recreates the databases)
              --no-demo                    do not place the three demo orders
              --no-services                start only Pulsar and PostgreSQL
              --external-postgres URL      use this server instead of the embedded one, e.g. jdbc:postgresql://host:5432
              --db-user USER               user for --external-postgres (default postgres)
              --db-password PASSWORD       password for --external-postgres (default postgres)
              --pulsar-port PORT           Pulsar binary protocol port (default 6650)
              --pulsar-http-port PORT      Pulsar HTTP admin port (default 8080)
              --postgres-port PORT         embedded PostgreSQL port (default 5433)
              --service-port MODULE=PORT   another port for a service, e.g. bff-service=28081 (repeatable;
                                           defaults: bff-service 8081, order-saga-service 8082,
                                           inventory-service 8083, payment-service 8084)
              --jvm-opts "OPTS"            JVM options of each service (default "-Xmx384m -XX:+UseSerialGC")
              --project-root DIR           repository root (default: found upwards from the working directory)
              -h, --help                   this text
            """;

    private Main() {
    }

    /** The parsed command line; null fields mean "default". */
    record Options(Path projectRoot, Path dataDir, boolean wipe, boolean demo, boolean services,
                   String externalPostgres, String dbUser, String dbPassword,
                   int pulsarPort, int pulsarHttpPort, int postgresPort, Map<String, Integer> servicePorts,
                   String jvmOpts, boolean help) {

        LocalStack.Builder toBuilder() {
            LocalStack.Builder b = LocalStack.builder()
                    .projectRoot(projectRoot)
                    .dataDir(dataDir)
                    .wipe(wipe)
                    .pulsarPort(pulsarPort)
                    .pulsarHttpPort(pulsarHttpPort)
                    .postgresPort(postgresPort);
            servicePorts.forEach(b::servicePort);
            if (externalPostgres != null) {
                b.externalPostgres(externalPostgres, dbUser, dbPassword);
            }
            if (jvmOpts != null) {
                b.jvmOpts(jvmOpts);
            }
            if (!services) {
                b.noServices();
            }
            return b;
        }
    }

    static Options parse(String... args) {
        Path projectRoot = null;
        Path dataDir = null;
        boolean wipe = false;
        boolean demo = true;
        boolean services = true;
        boolean help = false;
        String external = null;
        String dbUser = null;
        String dbPassword = null;
        int pulsarPort = 6650;
        int pulsarHttpPort = 8080;
        int postgresPort = 5433;
        String jvmOpts = null;
        Map<String, Integer> servicePorts = new LinkedHashMap<>();

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
                if (isSwitch(arg)) {
                    throw new IllegalArgumentException(arg + " takes no value");
                }
            }
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--wipe" -> wipe = true;
                case "--no-demo" -> demo = false;
                case "--no-services" -> {
                    services = false;
                    demo = false;
                }
                case "--data-dir", "--project-root", "--external-postgres", "--db-user", "--db-password",
                        "--pulsar-port", "--pulsar-http-port", "--postgres-port", "--service-port", "--jvm-opts" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--data-dir" -> dataDir = Paths.get(value);
                        case "--project-root" -> projectRoot = Paths.get(value);
                        case "--external-postgres" -> external = value;
                        case "--db-user" -> dbUser = value;
                        case "--db-password" -> dbPassword = value;
                        case "--pulsar-port" -> pulsarPort = port(arg, value);
                        case "--pulsar-http-port" -> pulsarHttpPort = port(arg, value);
                        case "--postgres-port" -> postgresPort = port(arg, value);
                        case "--service-port" -> {
                            int eq = value.indexOf('=');
                            String module = eq < 0 ? "" : value.substring(0, eq);
                            if (!LocalStack.SERVICES.contains(module)) {
                                throw new IllegalArgumentException("--service-port takes MODULE=PORT with MODULE one of "
                                        + LocalStack.SERVICES + ", not " + value);
                            }
                            servicePorts.put(module, port(arg, value.substring(eq + 1)));
                        }
                        default -> jvmOpts = value; // --jvm-opts
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option: " + args[i]);
            }
        }
        if (external == null && (dbUser != null || dbPassword != null)) {
            throw new IllegalArgumentException("--db-user and --db-password go with --external-postgres");
        }
        if (external != null) {
            if (!external.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--external-postgres needs a URL like jdbc:postgresql://HOST:PORT");
            }
            dbUser = dbUser == null ? "postgres" : dbUser;
            dbPassword = dbPassword == null ? "postgres" : dbPassword;
        }
        if (pulsarPort == pulsarHttpPort) {
            throw new IllegalArgumentException("--pulsar-port and --pulsar-http-port must differ");
        }
        return new Options(projectRoot, dataDir, wipe, demo, services, external, dbUser, dbPassword,
                pulsarPort, pulsarHttpPort, postgresPort, Map.copyOf(servicePorts), jvmOpts, help);
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        // zonky's own chatter is not interesting; PostgreSQL's output goes to logs/postgres.log
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

        LocalStack stack;
        try {
            stack = options.toBuilder().build();
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        printSummary(stack);
        if (options.demo()) {
            try {
                Demo.run(stack.bffUrl());
            } catch (RuntimeException e) {
                System.out.println("Demo failed: " + e.getMessage() + " (the stack keeps running)");
            }
        }
        Log.info("running; press Ctrl-C to stop everything");
        new CountDownLatch(1).await(); // the shutdown hook registered by LocalStack stops everything
    }

    static void printSummary(LocalStack stack) {
        StringBuilder sb = new StringBuilder("\n");
        if (stack.services().contains(LocalStack.BFF_SERVICE)) {
            sb.append(String.format("  BFF           %s   (POST /saga/orders, GET /saga/orders/{id})%n", stack.bffUrl()));
        }
        for (String module : stack.services()) {
            if (!module.equals(LocalStack.BFF_SERVICE)) {
                sb.append(String.format("  %-13s %s%n", module.replace("-service", ""), stack.serviceUrl(module)));
            }
        }
        sb.append(String.format("  Pulsar        %s   admin %s%n", stack.pulsarServiceUrl(), stack.pulsarAdminUrl()));
        for (String db : LocalStack.DATABASES) {
            sb.append(String.format("  PostgreSQL    %s%n", stack.jdbcUrl(db)));
        }
        sb.append(String.format("                user %s, password %s%s%n", stack.dbUser(), stack.dbPassword(),
                stack.isEmbeddedPostgres() ? " (embedded)" : " (external)"));
        sb.append(String.format("  logs          %s%n", stack.logDir()));
        String prefix = "";
        if (!stack.pulsarAdminUrl().equals("http://localhost:8080")) {
            prefix += "PULSAR_ADMIN_URL=" + stack.pulsarAdminUrl() + " ";
        }
        if (!stack.dataDir().equals(stack.projectRoot().resolve(".local-stack"))) {
            prefix += "LOCAL_STACK_DATA_DIR=" + stack.dataDir() + " ";
        }
        sb.append(String.format("  pulsar-admin  %sbin/pulsar-admin topics list public/default%n", prefix));
        System.out.println(sb);
    }

    private static boolean isSwitch(String arg) {
        return switch (arg) {
            case "-h", "--help", "--wipe", "--no-demo", "--no-services" -> true;
            default -> false;
        };
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a port number (1-65535), got: " + value);
        }
    }
}
