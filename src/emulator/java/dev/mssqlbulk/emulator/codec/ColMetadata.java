package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** COLMETADATA token (MS-TDS 2.2.7.4). */
public final class ColMetadata {
    public static final int FLAG_NULLABLE = 0x0001;
    public static final int FLAG_UPDATEABLE_UNKNOWN = 0x0008;
    public static final int FLAG_IDENTITY = 0x0010;
    public static final int FLAG_COMPUTED = 0x0020;

    /** One result column. */
    public record Column(String name, ColumnType type, boolean nullable, boolean identity, boolean computed) {}

    private ColMetadata() {}

    public static void write(ByteBuf buf, List<Column> columns) {
        buf.writeByte(TokenType.COLMETADATA);
        buf.writeShortLE(columns.size());
        for (Column c : columns) {
            buf.writeIntLE(0); // UserType
            int flags = FLAG_UPDATEABLE_UNKNOWN
                    | (c.nullable() ? FLAG_NULLABLE : 0)
                    | (c.identity() ? FLAG_IDENTITY : 0)
                    | (c.computed() ? FLAG_COMPUTED : 0);
            buf.writeShortLE(flags);
            c.type().writeTypeInfo(buf);
            Bytes.writeBVarchar(buf, c.name());
        }
    }
}
