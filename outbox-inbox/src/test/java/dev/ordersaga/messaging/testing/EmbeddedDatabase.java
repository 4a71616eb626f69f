package dev.ordersaga.messaging.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL (zonky's embedded binaries, random free port) for every test of a JVM, for the
 * services' tests that need a database but no broker. Shipped in this module's test-jar; stopped by
 * zonky's shutdown hook.
 */
public final class EmbeddedDatabase {

    private static EmbeddedPostgres postgres;
    private static final Set<String> created = new HashSet<>();

    private EmbeddedDatabase() {
    }

    /** The JDBC URL of {@code database} (created on first use); user and password {@code postgres}. */
    public static synchronized String jdbcUrl(String database) {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
            if (created.add(database)) {
                try (Connection c = postgres.getPostgresDatabase().getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", database);
    }
}
