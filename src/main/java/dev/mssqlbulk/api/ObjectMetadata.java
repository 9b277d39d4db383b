package dev.mssqlbulk.api;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** {@code GET /objects/{name}/metadata}: the object's fields in the connector's vocabulary. */
@RegisterForReflection(targets = {ObjectMetadata.class, ObjectMetadata.Field.class})
public record ObjectMetadata(List<Field> fields) {

    static ObjectMetadata of(Table table) {
        return new ObjectMetadata(table.columns().stream().map(Field::of).toList());
    }

    public record Field(String vendorPath, String type, String vendorNativeType, boolean vendorRequired,
                        boolean vendorReadOnly, boolean primaryKey, boolean identity, Integer maxLength,
                        Integer precision, Integer scale) {

        static Field of(Column c) {
            boolean required = !c.nullable() && !c.hasDefault() && !c.identity() && !c.computed();
            return new Field(c.name(), jsonType(c.dataType()), c.nativeType(), required,
                    c.identity() || !c.writable(), c.primaryKey(), c.identity(), c.maxLength(), c.precision(),
                    c.scale());
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
}
