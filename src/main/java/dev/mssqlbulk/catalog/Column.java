package dev.mssqlbulk.catalog;

/**
 * One column of a table as SQL Server's catalog describes it.
 *
 * @param dataType  SQL Server's type name in lower case ({@code nvarchar}, {@code int}, {@code datetime2}...)
 * @param maxLength characters for character types, bytes for binary types, -1 for (max), null otherwise
 * @param precision numeric precision for decimal/numeric, fractional-second digits for time types, else null
 * @param scale     numeric scale for decimal/numeric, else null
 */
public record Column(
        String name,
        int ordinal,
        String dataType,
        boolean nullable,
        Integer maxLength,
        Integer precision,
        Integer scale,
        boolean identity,
        boolean computed,
        boolean hasDefault,
        boolean primaryKey) {

    public boolean isMax() {
        return maxLength != null && maxLength == -1;
    }

    /** Whether a client may supply a value for this column. */
    public boolean writable() {
        return !computed && !"timestamp".equals(dataType) && !"rowversion".equals(dataType);
    }

    /** The type as a DDL would spell it: {@code nvarchar(50)}, {@code decimal(10,2)}, {@code varbinary(max)}. */
    public String nativeType() {
        return switch (dataType) {
            case "char", "varchar", "nchar", "nvarchar", "binary", "varbinary" ->
                dataType + "(" + (isMax() ? "max" : String.valueOf(maxLength)) + ")";
            case "decimal", "numeric" -> dataType + "(" + precision + "," + scale + ")";
            case "datetime2", "time", "datetimeoffset" ->
                precision == null ? dataType : dataType + "(" + precision + ")";
            default -> dataType;
        };
    }
}
