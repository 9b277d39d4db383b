package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

/** ALL_HEADERS (MS-TDS 2.2.5.3): TotalLength DWORD includes itself; headers are not needed by the emulator. */
public final class AllHeaders {
    private AllHeaders() {}

    public static void skip(ByteBuf p) {
        if (p.readableBytes() >= 4) {
            long total = p.getUnsignedIntLE(p.readerIndex());
            if (total >= 4 && total <= p.readableBytes()) {
                p.skipBytes((int) total);
            }
        }
    }
}
