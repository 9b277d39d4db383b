package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** LOGINACK token (MS-TDS 2.2.7.14). */
public final class LoginAck {
    /** Interface: SQL_TSQL. */
    public static final int INTERFACE_SQL_TSQL = 1;
    /** TDS 7.4, written as bytes 74 00 00 04. */
    public static final int TDS_VERSION_7_4 = 0x74000004;

    private LoginAck() {}

    public static void write(ByteBuf buf, String progName, int major, int minor, int build) {
        buf.writeByte(TokenType.LOGINACK);
        int lengthAt = buf.writerIndex();
        buf.writeShortLE(0);
        buf.writeByte(INTERFACE_SQL_TSQL);
        buf.writeInt(TDS_VERSION_7_4);
        Bytes.writeBVarchar(buf, progName);
        buf.writeByte(major).writeByte(minor).writeByte(build >> 8).writeByte(build);
        buf.setShortLE(lengthAt, buf.writerIndex() - lengthAt - 2);
    }
}
