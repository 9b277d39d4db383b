package dev.mssqlbulk.write;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * One batch's converted rows as the source of a bulk copy: column {@code i + 1} is upload column {@code i},
 * announced and adapted by its {@link BulkCopyValues}. Read once, by one copy.
 */
final class BulkCopyRows implements ISQLServerBulkData {

    private final List<String> names;
    private final List<BulkCopyValues> columns;
    private final Iterator<Object[]> rows;
    private Object[] current;
    private final Object[] adapted;

    BulkCopyRows(List<String> names, List<BulkCopyValues> columns, List<Object[]> rows) {
        this.names = names;
        this.columns = columns;
        this.rows = rows.iterator();
        this.adapted = new Object[columns.size()];
    }

    @Override
    public Set<Integer> getColumnOrdinals() {
        return new TreeSet<>(IntStream.rangeClosed(1, columns.size()).boxed().toList());
    }

    @Override
    public String getColumnName(int column) {
        return names.get(column - 1);
    }

    @Override
    public int getColumnType(int column) {
        return columns.get(column - 1).jdbcType();
    }

    @Override
    public int getPrecision(int column) {
        return columns.get(column - 1).precision();
    }

    @Override
    public int getScale(int column) {
        return columns.get(column - 1).scale();
    }

    @Override
    public boolean next() {
        current = rows.hasNext() ? rows.next() : null;
        return current != null;
    }

    /** One array for every row: the driver encodes a row's values before it asks for the next row. */
    @Override
    public Object[] getRowData() {
        for (int i = 0; i < adapted.length; i++) {
            adapted[i] = columns.get(i).adapt(current[i]);
        }
        return adapted;
    }
}
