package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the length-prefixed strings of TDS (B_VARCHAR, US_VARCHAR). */
public final class Bytes {
    private Bytes() {}

    public static String readBVarchar(ByteBuf buf) {
        int chars = buf.readUnsignedByte();
        return buf.readCharSequence(chars * 2, StandardCharsets.UTF_16LE).toString();
    }

    public static String readUsVarchar(ByteBuf buf) {
        int chars = buf.readUnsignedShortLE();
        return buf.readCharSequence(chars * 2, StandardCharsets.UTF_16LE).toString();
    }

    public static void writeBVarchar(ByteBuf buf, String s) {
        String v = s == null ? "" : s.length() > 255 ? s.substring(0, 255) : s;
        buf.writeByte(v.length());
        buf.writeCharSequence(v, StandardCharsets.UTF_16LE);
    }

    public static void writeUsVarchar(ByteBuf buf, String s) {
        String v = s == null ? "" : s.length() > 65535 ? s.substring(0, 65535) : s;
        buf.writeShortLE(v.length());
        buf.writeCharSequence(v, StandardCharsets.UTF_16LE);
    }
}
