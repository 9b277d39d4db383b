package dev.mssqlbulk.transform;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.sqlserver.ResultValues;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Transformation} checked and ready to use: field types parsed, patterns compiled, paths and columns
 * indexed case-insensitively (as the service matches headers to columns). Everything wrong with a definition is an
 * {@link UploadRejected} (a 400) whose message names the field.
 */
public final class ResourceMapping {

    private final Transformation definition;
    private final List<MappedField> fields;
    private final Map<String, MappedField> byPath = new HashMap<>();
    private final Map<String, MappedField> byColumn = new HashMap<>();

    /**
     * One field: where it is in files, which column it is, and how its values convert.
     *
     * @param pattern the date pattern, or null
     */
    public record MappedField(String path, String vendorPath, FieldType type, DatePattern pattern) {

        /** The file's text as the column's converter reads it. */
        String toColumnText(String raw) {
            return type.toColumnText(raw, pattern);
        }

        /**
         * A value read from the column as the field's text in a download: a date in the field's pattern (so that the
         * download can be uploaded again), anything else as for a table.
         */
        public String format(Object value) {
            if (value == null) {
                return null;
            }
            if (pattern != null) {
                TemporalAccessor temporal = value instanceof TemporalAccessor t ? t : isoTemporal(value.toString());
                if (temporal != null) {
                    try {
                        return pattern.format(temporal);
                    } catch (DateTimeException e) {
                        return ResultValues.text(value); // text in a character column the pattern cannot write
                    }
                }
            }
            if (type == FieldType.NUMBER && value instanceof Boolean b) {
                return b ? "1" : "0";
            }
            return ResultValues.text(value);
        }

        /** The SQL type whose JSON form the field's values take in a download (number, boolean, else string). */
        public String resultType(Column column) {
            return type.resultType(column);
        }
    }

    private ResourceMapping(Transformation definition, List<MappedField> fields) {
        this.definition = definition;
        this.fields = List.copyOf(fields);
        for (MappedField field : fields) {
            byPath.put(key(field.path()), field);
            byColumn.put(key(field.vendorPath()), field);
        }
    }

    /**
     * Checks what can be checked without the table: a vendor name, at least one field, each with a path, a vendor
     * path, a known type and, only for dates, a valid pattern; no path and no column twice.
     */
    public static ResourceMapping compile(Transformation definition) {
        String resource = definition.resourceName();
        if (definition.vendorName() == null || definition.vendorName().isBlank()) {
            throw new UploadRejected(where(resource) + "vendorName (the table) is missing");
        }
        if (definition.fields().isEmpty()) {
            throw new UploadRejected(where(resource) + "fields is empty: map at least one field to a column");
        }
        List<MappedField> fields = new ArrayList<>();
        Map<String, String> paths = new HashMap<>();
        Map<String, String> columns = new HashMap<>();
        for (int i = 0; i < definition.fields().size(); i++) {
            Transformation.Field field = definition.fields().get(i);
            if (field == null || field.path() == null || field.path().isBlank()) {
                throw new UploadRejected(where(resource) + "fields[" + i + "] has no path");
            }
            String path = field.path().strip();
            String named = where(resource) + "field '" + path + "': ";
            if (field.vendorPath() == null || field.vendorPath().isBlank()) {
                throw new UploadRejected(named + "vendorPath (the column) is missing");
            }
            FieldType type;
            try {
                type = FieldType.parse(field.type());
            } catch (IllegalArgumentException e) {
                throw new UploadRejected(
                        named + "type '" + field.type() + "' is not one of string, number, boolean, date");
            }
            DatePattern pattern = null;
            if (field.pattern() != null) {
                if (type != FieldType.DATE) {
                    throw new UploadRejected(named + "a pattern applies only to fields of type date");
                }
                try {
                    pattern = DatePattern.of(field.pattern());
                } catch (IllegalArgumentException e) {
                    throw new UploadRejected(
                            named + "pattern '" + field.pattern() + "' is not a valid date pattern: " + e.getMessage());
                }
            }
            String earlier = paths.put(key(path), path);
            if (earlier != null) {
                throw new UploadRejected(named + "the path is given twice (paths match case-insensitively)");
            }
            String vendorPath = field.vendorPath().strip();
            String otherPath = columns.put(key(vendorPath), path);
            if (otherPath != null) {
                throw new UploadRejected(
                        named + "column '" + vendorPath + "' is already mapped from field '" + otherPath + "'");
            }
            fields.add(new MappedField(path, vendorPath, type, pattern));
        }
        return new ResourceMapping(definition, fields);
    }

    /** Checks the fields against the table: each column exists, can take the field's type and its pattern. */
    public ResourceMapping check(Table table) {
        for (MappedField field : fields) {
            String named = where(definition.resourceName()) + "field '" + field.path() + "': ";
            Column column = table.column(field.vendorPath())
                    .orElseThrow(() -> new UploadRejected(named + "column '" + field.vendorPath()
                            + "' does not exist in table '" + table.name() + "'"));
            if (!field.type().convertsTo(column)) {
                throw new UploadRejected(named + "a " + field.type().wireName() + " cannot be written to column '"
                        + column.name() + "' (" + column.nativeType() + ")");
            }
            if (field.pattern() != null && !field.pattern().carries(column.dataType())) {
                throw new UploadRejected(named + "pattern '" + field.pattern().pattern()
                        + "' cannot write and read back a value of column '" + column.name() + "' ("
                        + column.nativeType() + ")");
            }
        }
        return this;
    }

    public Transformation definition() {
        return definition;
    }

    public String resourceName() {
        return definition.resourceName();
    }

    public String vendorName() {
        return definition.vendorName();
    }

    public List<MappedField> fields() {
        return fields;
    }

    /** The field of that path (case-insensitive). */
    public Optional<MappedField> field(String path) {
        return Optional.ofNullable(byPath.get(key(path)));
    }

    /** The field mapped to that column (case-insensitive). */
    public Optional<MappedField> fieldOf(String column) {
        return Optional.ofNullable(byColumn.get(key(column)));
    }

    /** Reads {@code file} (in the resource's fields) as rows in the table's columns; see {@link TransformingReader}. */
    public RecordReader reading(RecordReader file, boolean ignoreUnmappedFields) {
        return new TransformingReader(file, this, ignoreUnmappedFields);
    }

    /** For each column name of a transformed header, the file's field it comes from. */
    public List<String> fieldNames(List<String> columns) {
        return columns.stream()
                .map(c -> fieldOf(c).map(MappedField::path).orElse(c))
                .toList();
    }

    /** A date kept as text in a character column, in ISO form; null when it is not one. */
    private static TemporalAccessor isoTemporal(String text) {
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        } catch (DateTimeException e) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeException notADate) {
                return null;
            }
        }
    }

    private static String where(String resource) {
        return resource == null ? "transformation: " : "transformation '" + resource + "': ";
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
