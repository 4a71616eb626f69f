package dev.ordersaga.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void defaults() {
        Main.Options o = Main.parse();
        assertThat(o.dataDir()).isNull();
        assertThat(o.projectRoot()).isNull();
        assertThat(o.wipe()).isFalse();
        assertThat(o.demo()).isTrue();
        assertThat(o.services()).isTrue();
        assertThat(o.externalPostgres()).isNull();
        assertThat(o.pulsarPort()).isEqualTo(6650);
        assertThat(o.pulsarHttpPort()).isEqualTo(8080);
        assertThat(o.postgresPort()).isEqualTo(5433);
        assertThat(o.jvmOpts()).isNull();
        assertThat(o.help()).isFalse();
    }

    @Test
    void allFlags() {
        Main.Options o = Main.parse("--data-dir", "/tmp/x", "--wipe", "--no-demo",
                "--external-postgres", "jdbc:postgresql://db:5432", "--db-user", "saga", "--db-password", "secret",
                "--pulsar-port", "16650", "--pulsar-http-port=18080", "--postgres-port", "15433",
                "--jvm-opts", "-Xmx256m -XX:+UseSerialGC", "--project-root", "/src/repo");
        assertThat(o.dataDir()).isEqualTo(Paths.get("/tmp/x"));
        assertThat(o.projectRoot()).isEqualTo(Paths.get("/src/repo"));
        assertThat(o.wipe()).isTrue();
        assertThat(o.demo()).isFalse();
        assertThat(o.externalPostgres()).isEqualTo("jdbc:postgresql://db:5432");
        assertThat(o.dbUser()).isEqualTo("saga");
        assertThat(o.dbPassword()).isEqualTo("secret");
        assertThat(o.pulsarPort()).isEqualTo(16650);
        assertThat(o.pulsarHttpPort()).isEqualTo(18080);
        assertThat(o.postgresPort()).isEqualTo(15433);
        assertThat(o.jvmOpts()).isEqualTo("-Xmx256m -XX:+UseSerialGC");
    }

    @Test
    void externalPostgresCredentialsDefaultToPostgres() {
        Main.Options o = Main.parse("--external-postgres", "jdbc:postgresql://localhost:5432");
        assertThat(o.dbUser()).isEqualTo("postgres");
        assertThat(o.dbPassword()).isEqualTo("postgres");
    }

    @Test
    void noServicesImpliesNoDemo() {
        Main.Options o = Main.parse("--no-services");
        assertThat(o.services()).isFalse();
        assertThat(o.demo()).isFalse();
    }

    @Test
    void help() {
        assertThat(Main.parse("--help").help()).isTrue();
        assertThat(Main.parse("-h").help()).isTrue();
        assertThat(Main.USAGE).contains("--data-dir", "--wipe", "--no-demo", "--external-postgres", "--db-user",
                "--db-password", "--pulsar-port", "--pulsar-http-port", "--postgres-port", "--jvm-opts");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Main.parse("--bogus")).hasMessageContaining("Unknown option: --bogus");
        assertThatThrownBy(() -> Main.parse("--data-dir")).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> Main.parse("--pulsar-port", "abc")).hasMessageContaining("port number");
        assertThatThrownBy(() -> Main.parse("--postgres-port", "70000")).hasMessageContaining("port number");
        assertThatThrownBy(() -> Main.parse("--db-user", "x")).hasMessageContaining("--external-postgres");
        assertThatThrownBy(() -> Main.parse("--external-postgres", "postgres://x")).hasMessageContaining("jdbc:postgresql://");
        assertThatThrownBy(() -> Main.parse("--wipe=yes")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> Main.parse("--pulsar-port", "7000", "--pulsar-http-port", "7000"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> Main.parse("--service-port", "nope=9000")).hasMessageContaining("MODULE=PORT");
        assertThatThrownBy(() -> Main.parse("--service-port", "bff-service=x")).hasMessageContaining("port number");
    }

    @Test
    void servicePortsCanBeMoved() {
        LocalStack stack = Main.parse("--project-root", "/src/repo", "--service-port", "bff-service=28081",
                "--service-port=order-saga-service=28082").toBuilder().build();
        assertThat(stack.bffUrl()).isEqualTo("http://localhost:28081");
        assertThat(stack.serviceUrl("order-saga-service")).isEqualTo("http://localhost:28082");
        assertThat(stack.serviceUrl("inventory-service")).isEqualTo("http://localhost:8083");
    }

    @Test
    void optionsBecomeABuilder() {
        LocalStack stack = Main.parse("--project-root", "/src/repo", "--pulsar-http-port", "18080", "--no-services")
                .toBuilder().build();
        assertThat(stack.projectRoot()).isEqualTo(Paths.get("/src/repo"));
        assertThat(stack.dataDir()).isEqualTo(Paths.get("/src/repo/.local-stack"));
        assertThat(stack.pulsarAdminUrl()).isEqualTo("http://localhost:18080");
        assertThat(stack.pulsarServiceUrl()).isEqualTo("pulsar://localhost:6650");
        assertThat(stack.pulsarHome()).isEqualTo(Paths.get("/src/repo/.local-stack/pulsar-4.0.8"));
        assertThat(stack.jdbcUrl("inventory")).isEqualTo("jdbc:postgresql://localhost:5433/inventory");
        assertThat(stack.services()).isEmpty();
        assertThat(stack.bffUrl()).isEqualTo("http://localhost:8081");
    }
}
