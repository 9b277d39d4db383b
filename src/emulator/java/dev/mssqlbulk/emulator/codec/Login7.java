package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** LOGIN7 request (MS-TDS 2.2.6.3). Offsets are relative to the start of the message, lengths in characters. */
public final class Login7 {
    public final int tdsVersion;
    public final int packetSize;
    public final String hostName;
    public final String userName;
    public final String password;
    public final String appName;
    public final String serverName;
    public final String database;

    private Login7(
            int tdsVersion,
            int packetSize,
            String hostName,
            String userName,
            String password,
            String appName,
            String serverName,
            String database) {
        this.tdsVersion = tdsVersion;
        this.packetSize = packetSize;
        this.hostName = hostName;
        this.userName = userName;
        this.password = password;
        this.appName = appName;
        this.serverName = serverName;
        this.database = database;
    }

    public static Login7 parse(ByteBuf p) {
        int base = p.readerIndex();
        int tdsVersion = p.getInt(base + 4);
        int packetSize = p.getIntLE(base + 8);
        String host = string(p, base, 36);
        String user = string(p, base, 40);
        String password = password(p, base, 44);
        String app = string(p, base, 48);
        String server = string(p, base, 52);
        String database = string(p, base, 68);
        return new Login7(tdsVersion, packetSize, host, user, password, app, server, database);
    }

    private static String string(ByteBuf p, int base, int field) {
        int offset = p.getUnsignedShortLE(base + field);
        int chars = p.getUnsignedShortLE(base + field + 2);
        return p.toString(base + offset, chars * 2, StandardCharsets.UTF_16LE);
    }

    /** Undoes the client's obfuscation: XOR 0xA5, then swap the nibbles of each byte. */
    private static String password(ByteBuf p, int base, int field) {
        int offset = p.getUnsignedShortLE(base + field);
        int chars = p.getUnsignedShortLE(base + field + 2);
        byte[] bytes = new byte[chars * 2];
        p.getBytes(base + offset, bytes);
        for (int i = 0; i < bytes.length; i++) {
            int b = (bytes[i] & 0xFF) ^ 0xA5;
            bytes[i] = (byte) (((b & 0x0F) << 4) | (b >> 4));
        }
        return new String(bytes, StandardCharsets.UTF_16LE);
    }
}
