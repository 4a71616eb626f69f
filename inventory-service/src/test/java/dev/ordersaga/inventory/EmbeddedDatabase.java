package dev.ordersaga.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL (zonky's embedded binaries, random free port) for every test of this JVM,
 * with a database named like the service's. Stopped by zonky's shutdown hook.
 */
public final class EmbeddedDatabase {

    public static final String NAME = "inventory";

    private static EmbeddedPostgres postgres;

    private EmbeddedDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                try (Connection c = postgres.getPostgresDatabase().getConnection();
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + NAME);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return postgres.getJdbcUrl("postgres", NAME);
    }
}
