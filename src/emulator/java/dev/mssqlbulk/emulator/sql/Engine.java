package dev.mssqlbulk.emulator.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The embedded H2 database (MSSQLServer mode) behind one emulator, with its catalog of declared types. */
public final class Engine implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String url;
    private final String database;
    private final Connection admin;
    private final Catalog catalog;
    private final AtomicInteger constraintCounter = new AtomicInteger();
    private final ServerQuirks quirks = new ServerQuirks();

    public Engine(String database) throws SQLException {
        this.database = database;
        String base = "jdbc:h2:mem:mssqlemu" + INSTANCES.incrementAndGet()
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;IGNORECASE=TRUE"
                + ";LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
        this.admin = open(base);
        try (Statement st = admin.createStatement()) {
            for (String sql : Catalog.setupSql()) {
                st.execute(sql);
            }
        }
        this.url = base + ";SCHEMA=dbo;SCHEMA_SEARCH_PATH=dbo,PUBLIC";
        this.catalog = new Catalog(admin);
    }

    public String database() {
        return database;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** How this server differs from SQL Server (all off by default). */
    public ServerQuirks quirks() {
        return quirks;
    }

    public Connection connect() throws SQLException {
        return open(url);
    }

    int nextConstraintNumber() {
        return constraintCounter.incrementAndGet();
    }

    @Override
    public void close() {
        try (Statement st = admin.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        try {
            admin.close();
        } catch (SQLException ignored) {
            // ignore
        }
    }

    /**
     * Connects through H2's driver directly: DriverManager refuses a driver that another class loader registered,
     * which happens once Quarkus tests have run in the same JVM.
     */
    private static Connection open(String url) throws SQLException {
        Connection connection = new org.h2.Driver().connect(url, new java.util.Properties());
        if (connection == null) {
            throw new SQLException("not an H2 URL: " + url);
        }
        return connection;
    }
}
