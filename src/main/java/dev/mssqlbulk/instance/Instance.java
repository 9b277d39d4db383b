package dev.mssqlbulk.instance;

import io.vertx.mutiny.sqlclient.Pool;

/** One configured connector instance: a SQL Server database reached through its own reactive pool. */
public record Instance(String name, BulkConfig.InstanceConfig config, TableFilter tableFilter, Pool pool) {

    public String schema() {
        return config.schema();
    }
}
