package dev.mssqlbulk.catalog;

import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.sqlserver.ServiceTables;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an instance exposes: its tables (and views if configured), read from SQL Server's catalog views. */
@ApplicationScoped
public class Catalog {

    private static final String OBJECTS = """
            SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES
            WHERE TABLE_SCHEMA = @p1 ORDER BY TABLE_NAME""";

    private static final String COLUMNS = """
            SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH,
                   NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLUMN_DEFAULT
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE TABLE_SCHEMA = @p1 AND TABLE_NAME = @p2 ORDER BY ORDINAL_POSITION""";

    private static final String PRIMARY_KEY = """
            SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c
            JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
             AND k.TABLE_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME
            WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY' AND c.TABLE_SCHEMA = @p1 AND c.TABLE_NAME = @p2""";

    private static final String GENERATED = """
            SELECT c.name AS column_name, c.is_identity, c.is_computed FROM sys.columns c
            JOIN sys.tables t ON t.object_id = c.object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
            WHERE s.name = @p1 AND t.name = @p2""";

    /** Object names the instance exposes: filtered by {@code table-names}, without the service's own tables. */
    public Uni<List<String>> objectNames(Instance instance) {
        return objects(instance).map(objects -> List.copyOf(objects.keySet()));
    }

    /** The exposed object of that name (matched case-insensitively), with its columns; empty when not exposed. */
    public Uni<Optional<Table>> table(Instance instance, String requestedName) {
        return objects(instance).flatMap(objects -> {
            Optional<Map.Entry<String, Boolean>> match = objects.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(requestedName))
                    .findFirst();
            if (match.isEmpty()) {
                return Uni.createFrom().item(Optional.<Table>empty());
            }
            return describe(instance, match.get().getKey(), match.get().getValue())
                    .map(Optional::of);
        });
    }

    /** Exposed object names in catalog order, each mapped to whether it is a view. */
    private Uni<Map<String, Boolean>> objects(Instance instance) {
        return instance.pool()
                .preparedQuery(OBJECTS)
                .execute(Tuple.of(instance.schema()))
                .map(rows -> {
                    Map<String, Boolean> objects = new java.util.LinkedHashMap<>();
                    for (Row row : rows) {
                        String name = row.getString("TABLE_NAME");
                        boolean view = "VIEW".equalsIgnoreCase(row.getString("TABLE_TYPE"));
                        if ((!view || instance.config().includeViews())
                                && !ServiceTables.isServiceTable(name)
                                && instance.tableFilter().allows(name)) {
                            objects.put(name, view);
                        }
                    }
                    return objects;
                });
    }

    private Uni<Table> describe(Instance instance, String name, boolean view) {
        Tuple key = Tuple.of(instance.schema(), name);
        Uni<RowSet<Row>> columns = instance.pool().preparedQuery(COLUMNS).execute(key);
        Uni<RowSet<Row>> primaryKey = instance.pool().preparedQuery(PRIMARY_KEY).execute(key);
        Uni<RowSet<Row>> generated = instance.pool().preparedQuery(GENERATED).execute(key);
        return Uni.combine()
                .all()
                .unis(columns, primaryKey, generated)
                .asTuple()
                .map(result -> {
                    Set<String> keyColumns = new HashSet<>();
                    result.getItem2().forEach(r -> keyColumns.add(lower(r.getString("COLUMN_NAME"))));
                    Map<String, boolean[]> identityAndComputed = new HashMap<>();
                    result.getItem3()
                            .forEach(r -> identityAndComputed.put(lower(r.getString("column_name")), new boolean[] {
                                isTrue(r.getValue("is_identity")), isTrue(r.getValue("is_computed"))
                            }));
                    List<Column> list = new ArrayList<>();
                    for (Row r : result.getItem1()) {
                        list.add(column(r, keyColumns, identityAndComputed));
                    }
                    return new Table(instance.schema(), name, view, list);
                });
    }

    private static Column column(Row r, Set<String> keyColumns, Map<String, boolean[]> generated) {
        String name = r.getString("COLUMN_NAME");
        String type = lower(r.getString("DATA_TYPE"));
        boolean[] flags = generated.getOrDefault(lower(name), new boolean[2]);
        Integer precision = switch (type) {
            case "decimal", "numeric" -> r.getInteger("NUMERIC_PRECISION");
            case "time", "datetime2", "datetimeoffset" -> r.getInteger("DATETIME_PRECISION");
            default -> null;
        };
        Integer scale = switch (type) {
            case "decimal", "numeric" -> r.getInteger("NUMERIC_SCALE");
            default -> null;
        };
        return new Column(
                name,
                r.getInteger("ORDINAL_POSITION"),
                type,
                "YES".equalsIgnoreCase(r.getString("IS_NULLABLE")),
                r.getInteger("CHARACTER_MAXIMUM_LENGTH"),
                precision,
                scale,
                flags[0],
                flags[1],
                r.getValue("COLUMN_DEFAULT") != null,
                keyColumns.contains(lower(name)));
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
