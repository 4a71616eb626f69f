package dev.ordersaga.systemtests.support;

/**
 * A real fault in a service's database: a trigger that makes every update matching a condition fail, as an outage
 * of that one operation would. Closing it removes the trigger.
 *
 * <pre>{@code
 * try (DatabaseFault fault = DatabaseFault.onUpdate(Sql.INVENTORY, "products", "NEW.sku = 'A'", "disk full")) { ... }
 * }</pre>
 */
public final class DatabaseFault implements AutoCloseable {

    private final String database;
    private final String table;
    private final String name;

    private DatabaseFault(String database, String table, String name) {
        this.database = database;
        this.table = table;
        this.name = name;
    }

    /** @param when a trigger condition over OLD and NEW, e.g. {@code NEW.on_hand < OLD.on_hand} */
    public static DatabaseFault onUpdate(String database, String table, String when, String message) {
        String name = "fault_" + TestData.shortId();
        Sql.update(database, "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION '" + message.replace("'", "''") + "'; END $$");
        Sql.update(database, "CREATE TRIGGER " + name + " BEFORE UPDATE ON " + table + " FOR EACH ROW WHEN (" + when
                + ") EXECUTE FUNCTION " + name + "()");
        return new DatabaseFault(database, table, name);
    }

    @Override
    public void close() {
        Sql.update(database, "DROP TRIGGER IF EXISTS " + name + " ON " + table);
        Sql.update(database, "DROP FUNCTION IF EXISTS " + name + "()");
    }
}
