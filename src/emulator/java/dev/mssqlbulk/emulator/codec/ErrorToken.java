package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** ERROR and INFO tokens (MS-TDS 2.2.7.10, 2.2.7.13); same layout. */
public final class ErrorToken {
    private ErrorToken() {}

    public static void writeError(
            ByteBuf buf, int number, int state, int severity, String message, String server, int line) {
        write(buf, TokenType.ERROR, number, state, severity, message, server, line);
    }

    public static void writeInfo(
            ByteBuf buf, int number, int state, int severity, String message, String server, int line) {
        write(buf, TokenType.INFO, number, state, severity, message, server, line);
    }

    private static void write(
            ByteBuf buf, int token, int number, int state, int severity, String message, String server, int line) {
        buf.writeByte(token);
        int lengthAt = buf.writerIndex();
        buf.writeShortLE(0);
        buf.writeIntLE(number);
        buf.writeByte(state);
        buf.writeByte(severity);
        Bytes.writeUsVarchar(buf, message);
        Bytes.writeBVarchar(buf, server);
        Bytes.writeBVarchar(buf, ""); // ProcName
        buf.writeIntLE(line);
        buf.setShortLE(lengthAt, buf.writerIndex() - lengthAt - 2);
    }
}
