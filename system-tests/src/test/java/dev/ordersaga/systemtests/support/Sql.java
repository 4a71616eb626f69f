package dev.ordersaga.systemtests.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ordersaga.localstack.LocalStack;

/** Plain JDBC against the services' databases: test data in, invariants out. One connection per call. */
public final class Sql {

    public static final String ORDER_SAGA = "order_saga";
    public static final String INVENTORY = "inventory";
    public static final String PAYMENT = "payment";

    private Sql() {
    }

    public static int update(String database, String sql, Object... params) {
        try (Connection connection = connect(database); PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
        catch (SQLException e) {
            throw new IllegalStateException(database + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    public static List<Map<String, Object>> rows(String database, String sql, Object... params) {
        try (Connection connection = connect(database); PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
        catch (SQLException e) {
            throw new IllegalStateException(database + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the only row. */
    public static <T> T value(String database, Class<T> type, String sql, Object... params) {
        List<Map<String, Object>> rows = rows(database, sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + ": " + sql);
        }
        Object value = rows.get(0).values().iterator().next();
        if (value instanceof Number n && Number.class.isAssignableFrom(type)) {
            if (type == Long.class) {
                return type.cast(n.longValue());
            }
            if (type == Integer.class) {
                return type.cast(n.intValue());
            }
        }
        return type.cast(value);
    }

    public static long count(String database, String sql, Object... params) {
        return value(database, Long.class, sql, params);
    }

    private static Connection connect(String database) throws SQLException {
        LocalStack stack = SystemStack.get();
        return DriverManager.getConnection(stack.jdbcUrl(database), stack.dbUser(), stack.dbPassword());
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
