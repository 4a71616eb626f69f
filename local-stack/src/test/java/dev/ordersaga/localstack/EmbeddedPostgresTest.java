package dev.ordersaga.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real embedded PostgreSQL: the data directory, and so the databases, survive a restart. */
class EmbeddedPostgresTest {

    @TempDir
    Path tmp;

    @Test
    void databasesAndDataSurviveARestartOnTheSameDataDirectory() throws Exception {
        Path dataDir = tmp.resolve("data").resolve("postgres");
        Path log = tmp.resolve("logs").resolve("postgres.log");
        int port = freePort();

        Postgres first = Postgres.embedded(dataDir, port, log);
        try {
            first.start();
            first.createDatabases(LocalStack.DATABASES);
            first.createDatabases(LocalStack.DATABASES); // idempotent
            try (Connection c = first.connect("inventory"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE marker (id int)");
                s.execute("INSERT INTO marker VALUES (42)");
            }
        } finally {
            first.close();
        }
        assertThat(dataDir.resolve("postgresql.conf")).exists();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();

        Postgres second = Postgres.embedded(dataDir, port, log);
        try {
            second.start();
            for (String db : LocalStack.DATABASES) {
                assertThat(second.databaseExists(db)).as(db).isTrue();
            }
            assertThat(second.jdbcUrl("payment")).isEqualTo("jdbc:postgresql://localhost:" + port + "/payment");
            assertThat(second.user()).isEqualTo("postgres");
            assertThat(second.password()).isEqualTo("postgres");
            try (Connection c = second.connect("inventory"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM marker")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        } finally {
            second.close();
        }
        assertThat(Files.readString(log)).contains("database system is ready to accept connections");
    }

    @Test
    void externalUrlKeepsHostPortAndParameters() {
        Postgres external = Postgres.external("jdbc:postgresql://db.example:5432/ignored?sslmode=disable", "u", "p");
        assertThat(external.isEmbedded()).isFalse();
        assertThat(external.jdbcUrl("payment")).isEqualTo("jdbc:postgresql://db.example:5432/payment?sslmode=disable");
        assertThat(Postgres.external("jdbc:postgresql://localhost:5432/", "u", "p").jdbcUrl("inventory"))
                .isEqualTo("jdbc:postgresql://localhost:5432/inventory");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
