package dev.mssqlbulk.instance;

import dev.mssqlbulk.sqlserver.ServerIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One configured connector instance: a SQL Server database reached through its own reactive pool, and through
 * JDBC connections for bulk copy.
 *
 * @param server which server the database runs on, as last read ({@link ServerIdentity#UNKNOWN} until reached)
 */
public record Instance(
        String name,
        BulkConfig.InstanceConfig config,
        TableFilter tableFilter,
        Pool pool,
        JdbcConnector jdbc,
        AtomicReference<ServerIdentity> server) {

    public Instance(
            String name, BulkConfig.InstanceConfig config, TableFilter tableFilter, Pool pool, JdbcConnector jdbc) {
        this(name, config, tableFilter, pool, jdbc, new AtomicReference<>(ServerIdentity.UNKNOWN));
    }

    public String schema() {
        return config.schema();
    }

    /** The server as last read. */
    public ServerIdentity serverIdentity() {
        return server.get();
    }
}
