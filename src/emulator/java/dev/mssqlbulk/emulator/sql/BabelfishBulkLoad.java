package dev.mssqlbulk.emulator.sql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What Babelfish's bulk load does to values that statements write correctly ({@link ServerQuirks#babelfish}): a
 * uniqueidentifier lands as the first 16 bytes of its text, a char(n)/nchar(n) value is not padded with spaces, and
 * the table's columns missing from INSERT BULK get NULL instead of their defaults. The corruption is deliberate: it
 * lets tests prove that the service does not bulk-load such tables on such a server.
 */
final class BabelfishBulkLoad {
    private BabelfishBulkLoad() {}

    /** The target with every column missing from INSERT BULK (not identity, not computed) appended, to be sent NULL. */
    static InsertBulk.Target target(InsertBulk.Target target) {
        List<Catalog.ColumnMeta> columns = new ArrayList<>(target.columns());
        for (Catalog.ColumnMeta c : target.meta().columns()) {
            boolean listed = target.columns().stream().anyMatch(l -> l.name().equalsIgnoreCase(c.name()));
            if (!listed && !c.identity() && !c.computed()) {
                columns.add(c);
            }
        }
        return new InsertBulk.Target(
                target.table(),
                target.meta(),
                columns,
                target.keepNulls(),
                target.keepIdentity(),
                target.checkConstraints(),
                target.columns().size());
    }

    /** The rows as that server stores them, one NULL per appended column. */
    static List<Object[]> rows(InsertBulk.Target target, List<Object[]> rows) {
        List<Catalog.ColumnMeta> columns = target.columns();
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] copy = Arrays.copyOf(row, columns.size());
            for (int i = 0; i < row.length; i++) {
                copy[i] = corrupt(columns.get(i), row[i]);
            }
            out.add(copy);
        }
        return out;
    }

    private static Object corrupt(Catalog.ColumnMeta column, Object value) {
        if (value == null) {
            return null;
        }
        String type = column.type().name();
        if (type.equals("uniqueidentifier")) {
            byte[] text = value.toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer bytes = ByteBuffer.wrap(text, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong());
        }
        if ((type.equals("char") || type.equals("nchar"))
                && value instanceof String s
                && s.length() < column.type().length()) {
            // H2 pads CHAR with spaces whatever it is given; padding with U+0000 keeps the value visibly unpadded
            return s + "\0".repeat(column.type().length() - s.length());
        }
        return value;
    }
}
