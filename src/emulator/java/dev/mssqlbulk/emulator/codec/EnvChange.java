package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** ENVCHANGE token (MS-TDS 2.2.7.9). */
public final class EnvChange {
    private EnvChange() {}

    /** Types with B_VARCHAR new and old values (database, language, packet size). */
    public static void writeString(ByteBuf buf, int type, String newValue, String oldValue) {
        buf.writeByte(TokenType.ENVCHANGE);
        int lengthAt = buf.writerIndex();
        buf.writeShortLE(0);
        buf.writeByte(type);
        Bytes.writeBVarchar(buf, newValue);
        Bytes.writeBVarchar(buf, oldValue);
        buf.setShortLE(lengthAt, buf.writerIndex() - lengthAt - 2);
    }

    /** SQL collation: B_VARBYTE new value (5-byte collation), empty old value. */
    public static void writeCollation(ByteBuf buf, byte[] collation) {
        buf.writeByte(TokenType.ENVCHANGE);
        buf.writeShortLE(1 + 1 + collation.length + 1);
        buf.writeByte(EnvChangeType.SQL_COLLATION);
        buf.writeByte(collation.length);
        buf.writeBytes(collation);
        buf.writeByte(0);
    }

    /** Begin transaction: new value is the 8-byte transaction descriptor, old value empty. */
    public static void writeBeginTransaction(ByteBuf buf, long descriptor) {
        buf.writeByte(TokenType.ENVCHANGE);
        buf.writeShortLE(1 + 1 + 8 + 1);
        buf.writeByte(EnvChangeType.BEGIN_TRANSACTION);
        buf.writeByte(8);
        buf.writeLongLE(descriptor);
        buf.writeByte(0);
    }

    /** Commit or rollback: new value empty, old value the descriptor that ended. */
    public static void writeEndTransaction(ByteBuf buf, int type, long descriptor) {
        buf.writeByte(TokenType.ENVCHANGE);
        buf.writeShortLE(1 + 1 + 1 + 8);
        buf.writeByte(type);
        buf.writeByte(0);
        buf.writeByte(8);
        buf.writeLongLE(descriptor);
    }
}
