package dev.mssqlbulk.ingest;

import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code binary(n)}, {@code varbinary(n|max)}, {@code image} as a Vert.x {@link Buffer}. A value starting with
 * {@code 0x} (or {@code 0X}) is hexadecimal, as SQL Server writes binary literals ({@code 0x1F8B}); anything else
 * must be standard base64 with padding ({@code H4s=}). A base64 text that happens to start with {@code 0x} is read
 * as hex, so clients should send such values in hex. At most {@code n} bytes, when {@code n} is given.
 */
final class BinaryConverter implements ValueConverter {

    private final Integer maxBytes;

    /** @param maxBytes the column's length in bytes, or null for no limit */
    BinaryConverter(Integer maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Object convert(String raw) throws ValueRejected {
        String text = raw.strip();
        byte[] bytes = text.toLowerCase(Locale.ROOT).startsWith("0x") ? hex(raw, text.substring(2)) : base64(raw, text);
        if (maxBytes != null && bytes.length > maxBytes) {
            throw new ValueRejected("value has " + bytes.length + " bytes; column allows " + maxBytes);
        }
        return Buffer.buffer(bytes);
    }

    private static byte[] hex(String raw, String digits) throws ValueRejected {
        if (digits.length() % 2 != 0) {
            throw new ValueRejected(ValueRejected.value(raw) + " has an odd number of hex digits");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new ValueRejected(ValueRejected.value(raw) + " is not valid hex after 0x");
        }
    }

    private static byte[] base64(String raw, String text) throws ValueRejected {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ValueRejected(ValueRejected.value(raw) + " is neither 0x-prefixed hex nor base64");
        }
    }
}
