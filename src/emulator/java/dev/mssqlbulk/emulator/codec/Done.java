package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** DONE, DONEPROC and DONEINPROC tokens (MS-TDS 2.2.7.6-2.2.7.8): Status, CurCmd, DoneRowCount (ULONGLONG). */
public final class Done {
    private Done() {}

    /** Writes the token and returns its position, so the caller can patch the status later. */
    public static int write(ByteBuf buf, int tokenType, int status, int curCmd, long rowCount) {
        int at = buf.writerIndex();
        buf.writeByte(tokenType);
        buf.writeShortLE(status);
        buf.writeShortLE(curCmd);
        buf.writeLongLE(rowCount);
        return at;
    }

    public static int status(ByteBuf buf, int at) {
        return buf.getUnsignedShortLE(at + 1);
    }

    public static void status(ByteBuf buf, int at, int status) {
        buf.setShortLE(at + 1, status);
    }
}
