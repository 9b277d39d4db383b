package dev.mssqlbulk.instance;

import dev.mssqlbulk.sqlserver.ServerIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import org.jboss.logging.Logger;

/**
 * Asks an instance's server what it is and keeps the answer on the instance, logging it whenever it changes (at
 * start, and after a failover to another server).
 */
public final class ServerIdentification {

    private static final Logger LOG = Logger.getLogger(ServerIdentification.class);

    /** SERVERPROPERTY('babelfish') is 1 on Babelfish and NULL on SQL Server, which knows no such property. */
    static final String QUERY = "SELECT @@VERSION AS version, CAST(SERVERPROPERTY('EngineEdition') AS INT) AS edition, "
            + "CAST(SERVERPROPERTY('babelfish') AS INT) AS babelfish";

    private ServerIdentification() {}

    public static Uni<ServerIdentity> identify(Instance instance) {
        return instance.pool().query(QUERY).execute().map(rows -> {
            Row row = rows.iterator().next();
            Integer edition = row.getInteger("edition");
            Integer babelfish = row.getInteger("babelfish");
            String version = row.getString("version");
            ServerIdentity identity = new ServerIdentity(
                    ServerIdentity.firstLine(version),
                    edition == null ? 0 : edition,
                    (babelfish != null && babelfish == 1) || (version != null && version.contains("Babelfish")));
            ServerIdentity before = instance.server().getAndSet(identity);
            if (!identity.equals(before)) {
                LOG.infof(
                        "Instance '%s': the server is %s%s",
                        instance.name(),
                        identity.describe(),
                        identity.babelfish()
                                ? "; creates into tables that its bulk load would not write exactly use" + " statements"
                                : "");
            }
            return identity;
        });
    }
}
