package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;
import java.time.LocalDate;

/** Decodes an RPC parameter's TYPE_INFO and value (MS-TDS 2.2.5.4-2.2.5.6) into a Java value. */
public final class ParamDecoder {
    /** Day 0 of DATEN, DATETIME2N and DATETIMEOFFSETN. */
    static final LocalDate DATE_BASE = LocalDate.of(1, 1, 1);
    /** Day 0 of DATETIME and SMALLDATETIME. */
    static final LocalDate DATETIME_BASE = LocalDate.of(1900, 1, 1);

    private ParamDecoder() {}

    public static Object decode(int typeId, ByteBuf p) {
        return TypeInfo.read(typeId, p).readValue(p);
    }
}
