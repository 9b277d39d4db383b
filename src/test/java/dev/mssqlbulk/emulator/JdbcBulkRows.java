package dev.mssqlbulk.emulator;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An in-memory {@link ISQLServerBulkData} for the mssql-jdbc tests: columns with a java.sql.Types code, precision and
 * scale (as the service's writer reports them), and rows of Java values. Readable once, like a stream.
 */
final class JdbcBulkRows implements ISQLServerBulkData {
    private static final long serialVersionUID = 1L;

    private record Column(String name, int jdbcType, int precision, int scale) {}

    private final List<Column> columns = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();
    private transient Iterator<Object[]> cursor;
    private Object[] current;

    /** Adds source column ordinal columns.size() + 1. */
    JdbcBulkRows column(String name, int jdbcType, int precision, int scale) {
        columns.add(new Column(name, jdbcType, precision, scale));
        return this;
    }

    JdbcBulkRows row(Object... values) {
        rows.add(values);
        return this;
    }

    @Override
    public Set<Integer> getColumnOrdinals() {
        Set<Integer> ordinals = new LinkedHashSet<>();
        for (int i = 1; i <= columns.size(); i++) {
            ordinals.add(i);
        }
        return ordinals;
    }

    @Override
    public String getColumnName(int column) {
        return columns.get(column - 1).name();
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
    public Object[] getRowData() {
        return current;
    }

    @Override
    public boolean next() {
        if (cursor == null) {
            cursor = rows.iterator();
        }
        current = cursor.hasNext() ? cursor.next() : null;
        return current != null;
    }
}
