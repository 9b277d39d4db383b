package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** ROW token (MS-TDS 2.2.7.19): one value per COLMETADATA column. */
public final class Row {
    private Row() {}

    public static void write(ByteBuf buf, List<ColMetadata.Column> columns, Object[] values) {
        buf.writeByte(TokenType.ROW);
        for (int i = 0; i < values.length; i++) {
            columns.get(i).type().writeValue(buf, values[i]);
        }
    }
}
