package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** SQLBatch request (MS-TDS 2.2.6.7): ALL_HEADERS then the UTF-16LE text. */
public final class SqlBatch {
    public final String text;

    private SqlBatch(String text) {
        this.text = text;
    }

    public static SqlBatch parse(ByteBuf p) {
        AllHeaders.skip(p);
        return new SqlBatch(
                p.readCharSequence(p.readableBytes(), StandardCharsets.UTF_16LE).toString());
    }
}
