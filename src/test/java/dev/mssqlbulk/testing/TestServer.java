package dev.mssqlbulk.testing;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import dev.mssqlbulk.emulator.EmulatorOptions;
import dev.mssqlbulk.emulator.MssqlEmulator;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * The SQL Server for plain JUnit tests, started once per JVM. With env MSSQL_TEST_URL
 * ({@code sqlserver://host:port/database}), MSSQL_TEST_USER and MSSQL_TEST_PASSWORD set it is that real server and
 * nothing starts; otherwise an {@link MssqlEmulator} on a free port.
 */
public final class TestServer {
    private static MssqlEmulator emulator;
    private static MSSQLConnectOptions options;

    private TestServer() {}

    private static synchronized void init() {
        if (options != null) {
            return;
        }
        Optional<MSSQLConnectOptions> real = realServer();
        if (real.isPresent()) {
            options = real.get();
            return;
        }
        emulator = MssqlEmulator.start(EmulatorOptions.defaults());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "mssql-emulator-shutdown"));
        options = optionsFor(emulator);
    }

    /** Connect options of the current server (a fresh copy each call). */
    public static MSSQLConnectOptions connectOptions() {
        init();
        return new MSSQLConnectOptions(options);
    }

    /** The JDBC URL the service's bulk-copy writer uses (plaintext, temporal values in their binary form), plus {@code extra}. */
    public static String jdbcUrl(String extra) {
        MSSQLConnectOptions o = connectOptions();
        return "jdbc:sqlserver://" + o.getHost() + ":" + o.getPort() + ";databaseName=" + o.getDatabase()
                + ";encrypt=false;sendTemporalDataTypesAsStringForBulkCopy=false;applicationName=mssql-bulk" + extra;
    }

    /** An mssql-jdbc connection (through the driver directly: DriverManager may hold another class loader's driver). */
    public static Connection jdbc(String extra) throws SQLException {
        MSSQLConnectOptions o = connectOptions();
        Properties p = new Properties();
        p.setProperty("user", o.getUser());
        p.setProperty("password", o.getPassword());
        return new SQLServerDriver().connect(jdbcUrl(extra), p);
    }

    /** The emulator, or empty when tests run against a real SQL Server. */
    public static Optional<MssqlEmulator> emulator() {
        init();
        return Optional.ofNullable(emulator);
    }

    public static boolean isEmulator() {
        return emulator().isPresent();
    }

    /** A real server from MSSQL_TEST_URL / MSSQL_TEST_USER / MSSQL_TEST_PASSWORD, if all are set. */
    public static Optional<MSSQLConnectOptions> realServer() {
        String url = System.getenv("MSSQL_TEST_URL");
        String user = System.getenv("MSSQL_TEST_USER");
        String password = System.getenv("MSSQL_TEST_PASSWORD");
        if (url == null || url.isBlank() || user == null || password == null) {
            return Optional.empty();
        }
        return Optional.of(parse(url).setUser(user).setPassword(password));
    }

    /** Parses sqlserver://host[:port][/database]. */
    static MSSQLConnectOptions parse(String url) {
        URI uri = URI.create(url);
        MSSQLConnectOptions o =
                new MSSQLConnectOptions().setHost(uri.getHost()).setPort(uri.getPort() > 0 ? uri.getPort() : 1433);
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            o.setDatabase(path.substring(1));
        }
        return o;
    }

    public static MSSQLConnectOptions optionsFor(MssqlEmulator emulator) {
        EmulatorOptions eo = emulator.options();
        return new MSSQLConnectOptions()
                .setHost("127.0.0.1")
                .setPort(emulator.port())
                .setDatabase(eo.database())
                .setUser(eo.user())
                .setPassword(eo.password());
    }
}
