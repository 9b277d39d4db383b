package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * BulkLoadBCP message (packet type 0x07, MS-TDS 2.2.6.1), sent after an INSERT BULK statement: a COLMETADATA token
 * describing the columns as the client sends them, ROW (or NBCROW) tokens, and a DONE token. No ALL_HEADERS. The
 * CekTable of COLMETADATA is only present with column encryption, which the emulator never acknowledges.
 */
public final class BulkLoad {
    /** One column of the COLMETADATA: name as sent, flags (fNullable...) and TYPE_INFO. */
    public record Column(String name, int flags, TypeInfo type) {}

    public final List<Column> columns;
    /** Decoded rows, one value per column (null for SQL NULL). */
    public final List<Object[]> rows;

    private BulkLoad(List<Column> columns, List<Object[]> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /** Decodes the whole message; IllegalArgumentException when the stream is not a BulkLoadBCP stream. */
    public static BulkLoad parse(ByteBuf p) {
        try {
            if (p.readUnsignedByte() != TokenType.COLMETADATA) {
                throw new IllegalArgumentException("a bulk load starts with COLMETADATA");
            }
            int count = p.readUnsignedShortLE();
            List<Column> columns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                p.readIntLE(); // UserType
                int flags = p.readUnsignedShortLE();
                TypeInfo type = TypeInfo.read(p.readUnsignedByte(), p);
                columns.add(new Column(Bytes.readBVarchar(p), flags, type));
            }
            List<Object[]> rows = new ArrayList<>();
            while (true) {
                int token = p.readUnsignedByte();
                if (token == TokenType.DONE) {
                    p.skipBytes(Math.min(p.readableBytes(), 12)); // Status, CurCmd, DoneRowCount
                    break;
                }
                if (token != TokenType.ROW && token != TokenType.NBCROW) {
                    throw new IllegalArgumentException(
                            "unexpected token 0x" + Integer.toHexString(token) + " in a bulk load");
                }
                rows.add(row(p, columns, token == TokenType.NBCROW));
            }
            return new BulkLoad(columns, rows);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bulk load stream ends early", e);
        }
    }

    /** ROW: every value; NBCROW: a NullBitmap (bit i set = column i is NULL), then the values of the others. */
    private static Object[] row(ByteBuf p, List<Column> columns, boolean nullBitmap) {
        byte[] bitmap = null;
        if (nullBitmap) {
            bitmap = new byte[(columns.size() + 7) / 8];
            p.readBytes(bitmap);
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            boolean isNull = bitmap != null && (bitmap[i / 8] & (1 << (i % 8))) != 0;
            values[i] = isNull ? null : columns.get(i).type().readValue(p);
        }
        return values;
    }
}
