package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Packet layer: reassembles multi-packet messages and splits replies into packets of the negotiated size.
 * Header (MS-TDS 2.2.3.1): Type, Status, Length (big-endian, header included), SPID, PacketID, Window.
 */
public final class TdsFramer {
    public static final int HEADER_LENGTH = 8;
    public static final int DEFAULT_PACKET_SIZE = 4096;
    public static final int MIN_PACKET_SIZE = 512;
    public static final int MAX_PACKET_SIZE = 32767;

    /** One reassembled client message. */
    public record Message(int type, int status, ByteBuf payload) {}

    private final InputStream in;
    private final OutputStream out;
    private final byte[] header = new byte[HEADER_LENGTH];
    private volatile int packetSize = DEFAULT_PACKET_SIZE;
    private int spid = 0x33;

    public TdsFramer(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    public void packetSize(int size) {
        this.packetSize = Math.max(MIN_PACKET_SIZE, Math.min(MAX_PACKET_SIZE, size));
    }

    public int packetSize() {
        return packetSize;
    }

    public void spid(int spid) {
        this.spid = spid;
    }

    /** Reads one whole message; null on a clean end of stream before its first byte. */
    public Message read() throws IOException {
        ByteBuf payload = Unpooled.buffer();
        int type = -1;
        int status;
        boolean first = true;
        do {
            if (!readFully(header, first)) {
                return null;
            }
            first = false;
            int packetType = header[0] & 0xFF;
            status = header[1] & 0xFF;
            int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            if (length < HEADER_LENGTH || length > MAX_PACKET_SIZE + 1) {
                throw new IOException("bad TDS packet length " + length);
            }
            if (!PacketType.isClientType(packetType)) {
                // e.g. a TLS ClientHello (0x16) of encrypt=strict: not TDS; waiting for the length it seems to give
                // would hang
                throw new IOException("not a TDS client packet: type 0x" + Integer.toHexString(packetType));
            }
            if (type == -1) {
                type = packetType;
            }
            byte[] body = new byte[length - HEADER_LENGTH];
            readFully(body, false);
            payload.writeBytes(body);
        } while ((status & PacketType.STATUS_EOM) == 0);
        return new Message(type, status, payload);
    }

    private boolean readFully(byte[] buf, boolean eofAllowed) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                if (off == 0 && eofAllowed) {
                    return false;
                }
                throw new EOFException("client closed mid-message");
            }
            off += n;
        }
        return true;
    }

    /** Writes a message as TABULAR_RESULT packets of at most the negotiated packet size. */
    public void write(ByteBuf message) throws IOException {
        write(PacketType.TABULAR_RESULT, message);
    }

    public void write(int type, ByteBuf message) throws IOException {
        int max = packetSize - HEADER_LENGTH;
        int remaining = message.readableBytes();
        int packetId = 1;
        byte[] packet = new byte[Math.min(packetSize, remaining + HEADER_LENGTH)];
        do {
            int chunk = Math.min(max, remaining);
            boolean last = chunk == remaining;
            int length = chunk + HEADER_LENGTH;
            packet[0] = (byte) type;
            packet[1] = (byte) (last ? PacketType.STATUS_EOM : PacketType.STATUS_NORMAL);
            packet[2] = (byte) (length >> 8);
            packet[3] = (byte) length;
            packet[4] = (byte) (spid >> 8);
            packet[5] = (byte) spid;
            packet[6] = (byte) packetId;
            packet[7] = 0;
            message.readBytes(packet, HEADER_LENGTH, chunk);
            out.write(packet, 0, length);
            remaining -= chunk;
            packetId = (packetId + 1) & 0xFF;
        } while (remaining > 0);
        out.flush();
    }
}
