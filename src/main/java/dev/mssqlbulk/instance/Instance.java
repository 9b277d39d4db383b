package dev.mssqlbulk.instance;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * One configured connector instance: a SQL Server database reached through its own reactive pool, and through
 * JDBC connections for bulk copy.
 */
public record Instance(String name, BulkConfig.InstanceConfig config, TableFilter tableFilter, Pool pool,
                       JdbcConnector jdbc) {

    public String schema() {
        return config.schema();
    }
}
