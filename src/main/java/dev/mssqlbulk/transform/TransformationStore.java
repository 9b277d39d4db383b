package dev.mssqlbulk.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.sqlserver.ServiceTables;
import dev.mssqlbulk.sqlserver.SqlNames;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mssqlclient.MSSQLException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The transformations of each instance, in a table of the instance's own database next to the job status tables
 * ({@value ServiceTables#TRANSFORMATION_TABLE}), so that every replica reads the same definitions. Nothing is
 * cached: an upload reads its transformation once, when it is accepted, and keeps that copy with the job.
 * Names match case-insensitively (the key column holds the lower-cased name), as object names do.
 */
@ApplicationScoped
public class TransformationStore {

    private static final Logger LOG = Logger.getLogger(TransformationStore.class);
    private static final String TABLE = ServiceTables.TRANSFORMATION_TABLE;

    private final ObjectMapper json;
    private final Set<String> tableReady = ConcurrentHashMap.newKeySet();

    public TransformationStore(ObjectMapper json) {
        this.json = json;
    }

    /** Creates the table at start for every instance whose database answers; the others get it on first use. */
    void onStart(@Observes StartupEvent event, Instances instances) {
        instances
                .all()
                .forEach(instance -> ensureTable(instance)
                        .subscribe()
                        .with(
                                v -> {},
                                f -> LOG.debugf(
                                        "Instance '%s': transformation table not created yet: %s",
                                        instance.name(), f.getMessage())));
    }

    /** Creates the table unless it exists; safe when several replicas start at once. */
    public Uni<Void> ensureTable(Instance instance) {
        if (tableReady.contains(instance.name())) {
            return Uni.createFrom().voidItem();
        }
        String exists =
                "SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2";
        String ddl = """
                CREATE TABLE %1$s (
                  [instance_name] NVARCHAR(128) NOT NULL,
                  [resource_key] NVARCHAR(128) NOT NULL,
                  [resource_name] NVARCHAR(128) NOT NULL,
                  [vendor_name] NVARCHAR(128) NOT NULL,
                  [definition] NVARCHAR(MAX) NOT NULL,
                  [updated_date] DATETIME2(3) NOT NULL,
                  CONSTRAINT [PK_%2$s] PRIMARY KEY ([instance_name], [resource_key])
                )""".formatted(qualified(instance), TABLE);
        return instance.pool()
                .preparedQuery(exists)
                .execute(Tuple.of(instance.schema(), TABLE))
                .flatMap(rows -> rows.iterator().next().getInteger("n") > 0
                        ? Uni.createFrom().voidItem()
                        : instance.pool()
                                .query(ddl)
                                .execute()
                                .replaceWithVoid()
                                .onFailure(f -> isError(f, 2714))
                                .recoverWithNull())
                .invoke(() -> tableReady.add(instance.name()));
    }

    /** Stores the definition under its resource name, replacing any earlier one of that name. */
    public Uni<Void> put(Instance instance, Transformation definition) {
        String update = "UPDATE " + qualified(instance) + " SET [resource_name] = @p1, [vendor_name] = @p2, "
                + "[definition] = @p3, [updated_date] = @p4 WHERE [instance_name] = @p5 AND [resource_key] = @p6";
        String insert = "INSERT INTO " + qualified(instance) + " ([resource_name], [vendor_name], [definition], "
                + "[updated_date], [instance_name], [resource_key]) VALUES (@p1, @p2, @p3, @p4, @p5, @p6)";
        Tuple values = Tuple.of(
                definition.resourceName(),
                definition.vendorName(),
                write(definition),
                LocalDateTime.now(ZoneOffset.UTC),
                instance.name(),
                key(definition.resourceName()));
        return ensureTable(instance)
                .flatMap(v -> instance.pool().preparedQuery(update).execute(values))
                .flatMap(updated -> updated.rowCount() > 0
                        ? Uni.createFrom().voidItem()
                        : instance.pool()
                                .preparedQuery(insert)
                                .execute(values)
                                .replaceWithVoid()
                                // another replica inserted the same name in between: this write is the later one
                                .onFailure(f -> isError(f, 2627) || isError(f, 2601))
                                .recoverWithUni(f -> instance.pool()
                                        .preparedQuery(update)
                                        .execute(values)
                                        .replaceWithVoid()));
    }

    public Uni<Optional<Transformation>> find(Instance instance, String resourceName) {
        String sql = "SELECT [definition] FROM " + qualified(instance)
                + " WHERE [instance_name] = @p1 AND [resource_key] = @p2";
        return ensureTable(instance)
                .flatMap(v -> instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name(), key(resourceName))))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(read(rows.iterator().next())));
    }

    /** The instance's transformations by resource name. */
    public Uni<List<Transformation>> list(Instance instance) {
        String sql = "SELECT [definition] FROM " + qualified(instance)
                + " WHERE [instance_name] = @p1 ORDER BY [resource_key]";
        return ensureTable(instance)
                .flatMap(v -> instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name())))
                .map(rows -> {
                    List<Transformation> all = new ArrayList<>();
                    rows.forEach(row -> all.add(read(row)));
                    return all;
                });
    }

    /** @return whether there was one to delete */
    public Uni<Boolean> delete(Instance instance, String resourceName) {
        String sql = "DELETE FROM " + qualified(instance) + " WHERE [instance_name] = @p1 AND [resource_key] = @p2";
        return ensureTable(instance)
                .flatMap(v -> instance.pool().preparedQuery(sql).execute(Tuple.of(instance.name(), key(resourceName))))
                .map(rows -> rows.rowCount() > 0);
    }

    private Transformation read(Row row) {
        try {
            return json.readValue(row.getString("definition"), Transformation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored transformation cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Transformation definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isError(Throwable failure, int number) {
        return failure instanceof MSSQLException sql && sql.number() == number;
    }

    private static String qualified(Instance instance) {
        return SqlNames.quote(instance.schema()) + "." + SqlNames.quote(TABLE);
    }

    private static String key(String resourceName) {
        return resourceName.strip().toLowerCase(Locale.ROOT);
    }
}
