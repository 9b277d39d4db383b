package dev.mssqlbulk.instance;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Opens mssql-jdbc connections to an instance's database, for the bulk-copy writer. The address and the
 * credentials are the instance's (one {@code url} for both clients); {@code jdbc-properties} adds or overrides
 * driver properties. Blocking: call it on a bulk-copy worker.
 *
 * <p>Defaults that matter: {@code sendTemporalDataTypesAsStringForBulkCopy=false} sends dates and times in their
 * binary wire form (sent as text, the server reparses them; that was seen to shift DATE and DATETIME2 values on
 * one server); {@code encrypt=false} matches the reactive pool's default, and
 * {@code jdbc-properties.encrypt=true} turns TLS on; {@code cacheBulkCopyMetadata=true} saves the two metadata
 * queries a bulk copy otherwise sends before every batch (a connection lives for one job run, whose table layout
 * was fixed when the run began).
 *
 * <p>Every wait is bounded, so that a half-open TCP connection (a server or network that stops answering without
 * closing anything) cannot hang a job: {@code queryTimeout} is the instance's {@code statement-timeout} for the
 * checkpoint, the failed rows and COMMIT; the bulk copy has its own {@code bulk-copy-timeout}; and
 * {@code socketTimeout}, their sum, ends any read that outlives both.
 */
public final class JdbcConnector {

    private static final SQLServerDriver DRIVER = new SQLServerDriver();

    private final String url;
    private final Properties properties;

    JdbcConnector(BulkConfig.InstanceConfig config) {
        MSSQLConnectOptions options = MSSQLConnectOptions.fromUri(config.url());
        this.url = "jdbc:sqlserver://" + options.getHost() + ":" + options.getPort();
        Map<String, String> merged = new LinkedHashMap<>();
        if (options.getDatabase() != null && !options.getDatabase().isEmpty()) {
            merged.put("databaseName", options.getDatabase());
        }
        merged.put("encrypt", "false");
        merged.put("sendTemporalDataTypesAsStringForBulkCopy", "false");
        merged.put("cacheBulkCopyMetadata", "true");
        merged.put("applicationName", "mssql-bulk");
        merged.put("loginTimeout", "30");
        long statementSeconds = Math.max(1, config.statementTimeout().toSeconds());
        merged.put("queryTimeout", String.valueOf(statementSeconds));
        merged.put(
                "socketTimeout",
                String.valueOf(Math.min(
                        Integer.MAX_VALUE,
                        config.statementTimeout().toMillis()
                                + config.bulkCopyTimeout().toMillis())));
        merged.putAll(config.jdbcProperties());
        merged.put("user", config.username());
        merged.put("password", config.password());
        this.properties = new Properties();
        this.properties.putAll(merged);
    }

    /**
     * A new connection in auto-commit mode: whoever needs a transaction opens it with BEGIN TRANSACTION and ends
     * it with COMMIT, so that where it starts never depends on the server's implicit-transaction rules.
     */
    public Connection open() throws SQLException {
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            throw new SQLException("mssql-jdbc refused the URL " + url);
        }
        return connection;
    }

    /** The driver properties, credentials included: for tests. */
    Properties properties() {
        return properties;
    }

    /** The address, without credentials, for logs. */
    public String url() {
        return url;
    }
}
