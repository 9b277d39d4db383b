package dev.mssqlbulk.write;

import dev.mssqlbulk.catalog.Column;
import io.vertx.sqlclient.data.NullValue;
import java.util.List;

/**
 * NULLs bound with their column's type. A plain {@code null} travels as an untyped parameter, which the reactive
 * client declares {@code nvarchar(4000)}: SQL Server refuses to convert nvarchar implicitly to binary types, and
 * Babelfish refuses it for datetimeoffset ("column is of type datetimeoffset but expression is of type varchar").
 * A {@link NullValue} of the Java type the column's converter produces is declared with the column's own type, and
 * every server accepts it.
 */
final class TypedNulls {

    private TypedNulls() {}

    /** For each position of {@code order} in {@code columns}, what to bind instead of null. */
    static Object[] of(List<Column> columns, int[] order) {
        Object[] nulls = new Object[order.length];
        for (int i = 0; i < order.length; i++) {
            nulls[i] = nullFor(columns.get(order[i]));
        }
        return nulls;
    }

    static Object nullFor(Column column) {
        return switch (column.dataType()) {
            case "tinyint", "smallint" -> NullValue.Short;
            case "int" -> NullValue.Integer;
            case "bigint" -> NullValue.Long;
            case "bit" -> NullValue.Boolean;
            case "decimal", "numeric", "money", "smallmoney" -> NullValue.BigDecimal;
            case "float" -> NullValue.Double;
            case "real" -> NullValue.Float;
            case "date" -> NullValue.LocalDate;
            case "time" -> NullValue.LocalTime;
            case "datetime2", "datetime", "smalldatetime" -> NullValue.LocalDateTime;
            case "datetimeoffset" -> NullValue.OffsetDateTime;
            case "uniqueidentifier" -> NullValue.UUID;
            case "binary", "varbinary", "image" -> NullValue.Buffer;
            default -> NullValue.String;
        };
    }
}
