package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** PRELOGIN request and response (MS-TDS 2.2.6.4). Option offsets and lengths are big-endian. */
public final class PreLogin {
    public static final int VERSION = 0x00;
    public static final int ENCRYPTION = 0x01;
    public static final int INSTOPT = 0x02;
    public static final int THREADID = 0x03;
    public static final int MARS = 0x04;
    public static final int TERMINATOR = 0xFF;

    public static final int ENCRYPT_OFF = 0x00;
    public static final int ENCRYPT_ON = 0x01;
    public static final int ENCRYPT_NOT_SUP = 0x02;
    public static final int ENCRYPT_REQ = 0x03;

    /** Encryption level the client asked for (ENCRYPT_OFF if absent). */
    public final int clientEncryption;

    private PreLogin(int clientEncryption) {
        this.clientEncryption = clientEncryption;
    }

    public static PreLogin parse(ByteBuf payload) {
        int start = payload.readerIndex();
        int encryption = ENCRYPT_OFF;
        while (payload.isReadable()) {
            int option = payload.readUnsignedByte();
            if (option == TERMINATOR) {
                break;
            }
            int offset = payload.readUnsignedShort();
            int length = payload.readUnsignedShort();
            if (option == ENCRYPTION && length >= 1) {
                encryption = payload.getUnsignedByte(start + offset);
            }
        }
        return new PreLogin(encryption);
    }

    /** Response: VERSION 16.0.1000, ENCRYPTION = ENCRYPT_NOT_SUP (plaintext), INSTOPT, THREADID, MARS off. */
    public static ByteBuf response(int threadId) {
        int[] options = {VERSION, ENCRYPTION, INSTOPT, THREADID, MARS};
        int[] lengths = {6, 1, 1, 4, 1};
        ByteBuf buf = Unpooled.buffer();
        int offset = options.length * 5 + 1;
        for (int i = 0; i < options.length; i++) {
            buf.writeByte(options[i]);
            buf.writeShort(offset);
            buf.writeShort(lengths[i]);
            offset += lengths[i];
        }
        buf.writeByte(TERMINATOR);
        buf.writeByte(16).writeByte(0).writeShort(1000).writeShort(0); // UL_VERSION + US_SUBBUILD
        buf.writeByte(ENCRYPT_NOT_SUP);
        buf.writeByte(0);
        buf.writeInt(threadId);
        buf.writeByte(0);
        return buf;
    }
}
