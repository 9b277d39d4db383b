package dev.mssqlbulk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.transform.ResourceMapping;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * {@code GET /objects/{name}/metadata}: the object's fields in the connector's vocabulary. For a resource (a
 * transformation's name), its fields with their paths, types and patterns, and the columns they map to.
 *
 * @param vendorName the table of a resource; absent for a table
 */
@RegisterForReflection(targets = {ObjectMetadata.class, ObjectMetadata.Field.class})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectMetadata(String vendorName, List<Field> fields) {

    static ObjectMetadata of(Table table) {
        return new ObjectMetadata(
                null,
                table.columns().stream()
                        .map(c -> Field.of(c.name(), jsonType(c.dataType()), null, c))
                        .toList());
    }

    static ObjectMetadata of(ResourceMapping resource, Table table) {
        return new ObjectMetadata(
                table.name(),
                resource.fields().stream()
                        .map(f -> Field.of(
                                f.path(),
                                f.type().wireName(),
                                f.pattern() == null ? null : f.pattern().pattern(),
                                table.column(f.vendorPath()).orElseThrow()))
                        .toList());
    }

    /**
     * @param path    the field's name in files: the column's name for a table, the resource's field otherwise
     * @param type    integer, number, boolean, date, date-time, time, binary or string for a column; a resource
     *                field's own type (string, number, boolean, date)
     * @param pattern a resource's date pattern
     */
    public record Field(
            String path,
            String vendorPath,
            String type,
            @JsonInclude(JsonInclude.Include.NON_NULL) String pattern,
            String vendorNativeType,
            boolean vendorRequired,
            boolean vendorReadOnly,
            boolean primaryKey,
            boolean identity,
            Integer maxLength,
            Integer precision,
            Integer scale) {

        static Field of(String path, String type, String pattern, Column c) {
            boolean required = !c.nullable() && !c.hasDefault() && !c.identity() && !c.computed();
            return new Field(
                    path,
                    c.name(),
                    type,
                    pattern,
                    c.nativeType(),
                    required,
                    c.identity() || !c.writable(),
                    c.primaryKey(),
                    c.identity(),
                    c.maxLength(),
                    c.precision(),
                    c.scale());
        }
    }

    /** The JSON-side type name a connector client expects. */
    private static String jsonType(String dataType) {
        return switch (dataType) {
            case "tinyint", "smallint", "int", "bigint" -> "integer";
            case "decimal", "numeric", "money", "smallmoney", "float", "real" -> "number";
            case "bit" -> "boolean";
            case "date" -> "date";
            case "datetime", "datetime2", "smalldatetime", "datetimeoffset" -> "date-time";
            case "time" -> "time";
            case "binary", "varbinary", "image" -> "binary";
            default -> "string";
        };
    }
}
