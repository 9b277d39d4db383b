package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** RETURNVALUE token (MS-TDS 2.2.7.19): ParamOrdinal, ParamName, Status, UserType, Flags, TYPE_INFO, value. */
public final class ReturnValue {
    /** Status: output parameter. */
    public static final int STATUS_OUTPUT = 0x01;

    private ReturnValue() {}

    /** An INTN(4) output value such as a prepared handle. */
    public static void writeInt(ByteBuf buf, int ordinal, String name, Integer value) {
        buf.writeByte(TokenType.RETURNVALUE);
        buf.writeShortLE(ordinal);
        Bytes.writeBVarchar(buf, name);
        buf.writeByte(STATUS_OUTPUT);
        buf.writeIntLE(0); // UserType
        buf.writeShortLE(0x0001); // Flags: nullable
        buf.writeByte(DataType.INTNTYPE);
        buf.writeByte(4);
        if (value == null) {
            buf.writeByte(0);
        } else {
            buf.writeByte(4);
            buf.writeIntLE(value);
        }
    }
}
