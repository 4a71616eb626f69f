package dev.ordersaga.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL: either embedded (zonky's bundled binaries, data directory kept across runs) or an external server that
 * is only used, never started.
 */
final class Postgres implements AutoCloseable {

    static final String EMBEDDED_USER = "postgres";
    static final String EMBEDDED_PASSWORD = "postgres";

    private static final Pattern BASE_URL = Pattern.compile("(jdbc:postgresql://[^/?]+)/?[^?]*(\\?.*)?");
    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final Path dataDir;       // embedded only, else null
    private final Path logFile;       // embedded only
    private final String urlPrefix;   // jdbc:postgresql://host:port
    private final String urlParams;   // "" or "?..."
    private final String user;
    private final String password;
    private EmbeddedPostgres embedded;

    private Postgres(Path dataDir, Path logFile, String urlPrefix, String urlParams, String user, String password) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.urlPrefix = urlPrefix;
        this.urlParams = urlParams;
        this.user = user;
        this.password = password;
    }

    static Postgres embedded(Path dataDir, int port, Path logFile) {
        return new Postgres(dataDir, logFile, "jdbc:postgresql://localhost:" + port, "", EMBEDDED_USER, EMBEDDED_PASSWORD);
    }

    /** @param baseUrl e.g. jdbc:postgresql://db.local:5432 (a database name and parameters in it are allowed) */
    static Postgres external(String baseUrl, String user, String password) {
        Matcher m = BASE_URL.matcher(baseUrl.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + baseUrl
                    + " (expected jdbc:postgresql://HOST:PORT)");
        }
        return new Postgres(null, null, m.group(1), m.group(2) == null ? "" : m.group(2), user, password);
    }

    boolean isEmbedded() {
        return dataDir != null;
    }

    String jdbcUrl(String database) {
        return urlPrefix + "/" + database + urlParams;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Starts the embedded server (re-using its data directory), or checks that the external one answers. */
    void start() {
        long t0 = System.nanoTime();
        if (!isEmbedded()) {
            try (Connection ignored = connect("postgres")) {
                Log.info("PostgreSQL (external) reachable at %s", urlPrefix);
            } catch (SQLException e) {
                throw new LocalStackException("Cannot connect to external PostgreSQL at " + jdbcUrl("postgres")
                        + " as " + user + ": " + e.getMessage(), e);
            }
            return;
        }
        boolean reused = Files.isRegularFile(dataDir.resolve("postgresql.conf"));
        // A postmaster still running on this data directory belongs to a launcher that was killed.
        Processes.stopLeftover(dataDir.resolve("postmaster.pid"), "bin/postgres", "PostgreSQL");
        int port = Integer.parseInt(urlPrefix.substring(urlPrefix.lastIndexOf(':') + 1));
        Processes.requireFreePort(port, "PostgreSQL");
        long logOffset = Processes.sizeOf(logFile);
        try {
            Files.createDirectories(logFile.getParent());
            embedded = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)          // keep the data across runs
                    .setRegisterShutdownHook(false)        // LocalStack stops it, after the services
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new LocalStackException("Embedded PostgreSQL did not start on port " + port + ": " + e.getMessage()
                    + ". Last lines of " + logFile + ":\n" + Processes.tail(logFile, 30, logOffset), e);
        }
        // initdb uses trust authentication; a password is set anyway so the documented credentials are real.
        execute("postgres", "ALTER USER " + EMBEDDED_USER + " PASSWORD '" + EMBEDDED_PASSWORD + "'");
        Log.info("PostgreSQL (embedded, %s data in %s) ready on port %d in %s",
                reused ? "existing" : "new", dataDir, port, Log.since(t0));
    }

    /** CREATE DATABASE for each name that does not exist yet. */
    void createDatabases(Collection<String> names) {
        try (Connection c = connect("postgres")) {
            for (String name : names) {
                requireValidName(name);
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                Log.info("created database %s", name);
            }
        } catch (SQLException e) {
            throw new LocalStackException("Cannot create databases " + names + ": " + e.getMessage(), e);
        }
    }

    /** Drops the databases (used by --wipe with an external server; the embedded one just loses its directory). */
    void dropDatabases(Collection<String> names) {
        for (String name : names) {
            requireValidName(name);
            execute("postgres", "DROP DATABASE IF EXISTS " + name);
        }
    }

    boolean databaseExists(String name) {
        try (Connection c = connect("postgres");
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new LocalStackException("Cannot query databases: " + e.getMessage(), e);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            embedded = null;
        }
        Log.info("PostgreSQL stopped in %s", Log.since(t0));
    }

    private void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new LocalStackException("SQL failed (" + sql + "): " + e.getMessage(), e);
        }
    }

    private static void requireValidName(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid database name: " + name);
        }
    }
}
