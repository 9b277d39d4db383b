package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** RETURNSTATUS token (MS-TDS 2.2.7.18). */
public final class ReturnStatus {
    private ReturnStatus() {}

    public static void write(ByteBuf buf, int value) {
        buf.writeByte(TokenType.RETURNSTATUS);
        buf.writeIntLE(value);
    }
}
