package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.ingest.ColumnMapping;
import dev.mssqlbulk.ingest.UploadRejected;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an upload's columns meet a table for one action: which header column maps to which table column, and
 * which of them identify a row (for upsert, update and delete). Everything a client can get wrong here is an
 * {@link UploadRejected} at upload time.
 *
 * @param keys the identifying columns: {@code identifierFieldName} (comma-separated for a composite key), or
 *             else the table's primary key
 */
public record WritePlan(WriteAction action, Table table, ColumnMapping mapping, List<Column> keys) {

    public static WritePlan of(Table table, List<String> header, WriteAction action, String identifierFieldName) {
        if (action == WriteAction.CREATE) {
            return new WritePlan(action, table, ColumnMapping.of(table, header, true), List.of());
        }
        List<Column> keys = keys(table, identifierFieldName);
        Set<Column> identityKeys = keys.stream().filter(Column::identity).collect(Collectors.toSet());
        ColumnMapping mapping = ColumnMapping.of(table, header, action == WriteAction.UPSERT, identityKeys);
        for (Column key : keys) {
            if (!mapping.columns().contains(key)) {
                throw new UploadRejected("key column '" + key.name() + "' is missing from the header; "
                        + action.wireName() + " finds rows by it");
            }
        }
        if (action == WriteAction.UPDATE && mapping.columns().stream().allMatch(keys::contains)) {
            throw new UploadRejected("nothing to update: the header has only the key column(s) "
                    + keys.stream().map(Column::name).toList());
        }
        return new WritePlan(action, table, mapping, keys);
    }

    private static List<Column> keys(Table table, String identifierFieldName) {
        if (identifierFieldName == null || identifierFieldName.isBlank()) {
            List<Column> primaryKey = table.primaryKey();
            if (primaryKey.isEmpty()) {
                throw new UploadRejected("table '" + table.name()
                        + "' has no primary key: name the key column(s) in metaData.identifierFieldName");
            }
            return primaryKey;
        }
        Set<Column> keys = new LinkedHashSet<>();
        for (String name :
                Arrays.stream(identifierFieldName.split(",")).map(String::trim).toList()) {
            Column key = table.column(name)
                    .orElseThrow(() -> new UploadRejected(
                            "identifierFieldName '" + name + "' is not a column of table '" + table.name() + "'"));
            if (!keys.add(key)) {
                throw new UploadRejected("identifierFieldName names '" + name + "' twice");
            }
        }
        return List.copyOf(keys);
    }

    /** Every position, in upload order. */
    int[] allIndexes() {
        return java.util.stream.IntStream.range(0, mapping.columns().size()).toArray();
    }

    /** Positions, in each row's values, of the key columns. */
    int[] keyIndexes() {
        return indexesOf(keys);
    }

    /** Positions of the columns an update sets or an upsert writes besides the keys. */
    int[] valueIndexes() {
        List<Column> values = new ArrayList<>(mapping.columns());
        values.removeAll(keys);
        return indexesOf(values);
    }

    /** Positions of the columns an insert writes: all but identity columns (an identity key is generated). */
    int[] insertIndexes() {
        return indexesOf(mapping.columns().stream().filter(c -> !c.identity()).toList());
    }

    private int[] indexesOf(List<Column> wanted) {
        return wanted.stream().mapToInt(mapping.columns()::indexOf).toArray();
    }

    /** The columns at those positions. */
    List<Column> columnsAt(int[] indexes) {
        return Arrays.stream(indexes).mapToObj(mapping.columns()::get).toList();
    }
}
