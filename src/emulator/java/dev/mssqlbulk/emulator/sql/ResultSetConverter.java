package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import dev.mssqlbulk.emulator.codec.ColumnType;
import dev.mssqlbulk.emulator.codec.SqlType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns H2 result sets into what SQL Server would send: column metadata with the declared types from the catalog
 * (H2's own types otherwise) and row values as the Java types the TDS encoder expects.
 */
final class ResultSetConverter {
    private final Catalog catalog;

    ResultSetConverter(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Sends the columns and every row to the sink; returns the row count. */
    long stream(ResultSet rs, ResultSink sink) throws SQLException {
        List<ColMetadata.Column> columns = describe(rs.getMetaData());
        sink.columns(columns);
        long n = 0;
        Object[] values = new Object[columns.size()];
        while (rs.next()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = value(rs, i + 1, columns.get(i).type().sqlType);
            }
            sink.row(values);
            n++;
        }
        return n;
    }

    /** COLMETADATA for a result: names (unnamed expressions blank), declared types, nullability, identity. */
    List<ColMetadata.Column> describe(ResultSetMetaData md) throws SQLException {
        List<ColMetadata.Column> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String table = md.getTableName(i);
            String schema = md.getSchemaName(i);
            String column = md.getColumnName(i);
            Catalog.ColumnMeta meta = null;
            if (table != null
                    && !table.isEmpty()
                    && schema != null
                    && !schema.startsWith("EMU_")
                    && !schema.equals("INFORMATION_SCHEMA")) {
                Catalog.TableMeta tm = catalog.table(schema, table);
                meta = tm == null ? null : tm.column(column);
            }
            SqlType type = meta != null ? meta.type() : TypeMapping.fromH2(md, i);
            String label = md.getColumnLabel(i);
            if (label != null && label.startsWith(Rewriter.NO_NAME)) {
                label = "";
            }
            boolean nullable = md.isNullable(i) != ResultSetMetaData.columnNoNulls;
            out.add(new ColMetadata.Column(
                    label == null ? "" : label,
                    ColumnType.of(type),
                    nullable,
                    meta != null && meta.identity(),
                    meta != null && meta.computed()));
        }
        return out;
    }

    private static Object value(ResultSet rs, int i, SqlType type) throws SQLException {
        Object v;
        switch (type.name()) {
            case "tinyint":
            case "smallint":
            case "int":
                v = rs.getInt(i);
                break;
            case "bigint":
                v = rs.getLong(i);
                break;
            case "bit":
                v = rs.getBoolean(i);
                break;
            case "decimal":
            case "numeric":
            case "money":
            case "smallmoney":
                v = rs.getBigDecimal(i);
                break;
            case "float":
                v = rs.getDouble(i);
                break;
            case "real":
                v = rs.getFloat(i);
                break;
            case "date":
                v = rs.getObject(i, LocalDate.class);
                break;
            case "time":
                v = rs.getObject(i, LocalTime.class);
                break;
            case "datetime2":
            case "datetime":
            case "smalldatetime":
                v = rs.getObject(i, LocalDateTime.class);
                break;
            case "datetimeoffset":
                v = rs.getObject(i, OffsetDateTime.class);
                break;
            case "uniqueidentifier":
                v = rs.getObject(i, UUID.class);
                break;
            case "varbinary":
            case "binary":
            case "image":
            case "timestamp":
                v = rs.getBytes(i);
                break;
            default:
                v = rs.getString(i);
        }
        return rs.wasNull() ? null : v;
    }
}
