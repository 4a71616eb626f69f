package dev.ordersaga.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain JDBC connections to the bench's PostgreSQL, and the product's outbox schema. */
final class Db {

    /** The product's own migration of the outbox (and inbox) tables, from the outbox-inbox jar. */
    private static final String OUTBOX_MIGRATION = "/db/messaging/V0_1__outbox_and_inbox.sql";

    /** A business row shaped like a saga step's state change. */
    static final String BUSINESS_TABLE = """
            CREATE TABLE bench_orders (
                order_id    UUID        PRIMARY KEY,
                customer_id TEXT        NOT NULL,
                status      TEXT        NOT NULL,
                amount      BIGINT      NOT NULL,
                created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
            )""";

    private final String url;
    private final String user;
    private final String password;

    Db(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Creates the product's outbox table (with its NOTIFY trigger) and the bench's business table. */
    void createSchema() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(outboxMigration());
            s.execute(BUSINESS_TABLE);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create the bench schema in " + url + ": " + e.getMessage(), e);
        }
    }

    private static String outboxMigration() {
        try (InputStream in = Db.class.getResourceAsStream(OUTBOX_MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException(OUTBOX_MIGRATION + " is not on the classpath (outbox-inbox jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
