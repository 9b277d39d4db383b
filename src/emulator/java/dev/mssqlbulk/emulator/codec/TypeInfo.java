package dev.mssqlbulk.emulator.codec;

import static dev.mssqlbulk.emulator.codec.DataType.*;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A client-sent TYPE_INFO (MS-TDS 2.2.5.6), as in RPC parameters and in the COLMETADATA of a BulkLoadBCP message, and
 * the decoding of values of that type into Java values: Integer/Long, Boolean, Float/Double, BigDecimal, LocalDate,
 * LocalTime, LocalDateTime, OffsetDateTime, UUID, String, byte[] (null for SQL NULL).
 */
public final class TypeInfo {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    /** Collation info bit fUTF8 (MS-TDS 2.2.5.1.2). */
    private static final int COLLATION_UTF8_FLAG = 0x04000000;

    public final int type;
    /** Max length in bytes (0xFFFF = PLP for the USHORT-length types); 0 for fixed-length and DATEN. */
    public final int maxLength;

    public final int precision;
    public final int scale;
    /** Charset of character types from their collation (UTF-16LE for the N types). */
    public final Charset charset;

    private TypeInfo(int type, int maxLength, int precision, int scale, Charset charset) {
        this.type = type;
        this.maxLength = maxLength;
        this.precision = precision;
        this.scale = scale;
        this.charset = charset;
    }

    /** Reads the rest of a TYPE_INFO whose type byte was already read. */
    public static TypeInfo read(int type, ByteBuf p) {
        switch (type) {
            case NULLTYPE:
            case INT1TYPE:
            case BITTYPE:
            case INT2TYPE:
            case INT4TYPE:
            case INT8TYPE:
            case FLT4TYPE:
            case FLT8TYPE:
            case MONEYTYPE:
            case MONEY4TYPE:
            case DATETIMETYPE:
            case DATETIM4TYPE:
            case DATENTYPE:
                return new TypeInfo(type, 0, 0, 0, null);
            case INTNTYPE:
            case BITNTYPE:
            case FLTNTYPE:
            case MONEYNTYPE:
            case DATETIMNTYPE:
            case GUIDTYPE:
                return new TypeInfo(type, p.readUnsignedByte(), 0, 0, null);
            case DECIMALNTYPE:
            case NUMERICNTYPE:
            case DECIMALTYPE:
            case NUMERICTYPE: {
                int maxLength = p.readUnsignedByte();
                int precision = p.readUnsignedByte();
                return new TypeInfo(type, maxLength, precision, p.readUnsignedByte(), null);
            }
            case TIMENTYPE:
            case DATETIME2NTYPE:
            case DATETIMEOFFSETNTYPE:
                return new TypeInfo(type, 0, 0, p.readUnsignedByte(), null);
            case NVARCHARTYPE:
            case NCHARTYPE: {
                int maxLength = p.readUnsignedShortLE();
                p.skipBytes(5); // collation
                return new TypeInfo(type, maxLength, 0, 0, StandardCharsets.UTF_16LE);
            }
            case BIGVARCHRTYPE:
            case BIGCHARTYPE: {
                int maxLength = p.readUnsignedShortLE();
                return new TypeInfo(type, maxLength, 0, 0, collationCharset(p));
            }
            case BIGVARBINARYTYPE:
            case BIGBINARYTYPE:
                return new TypeInfo(type, p.readUnsignedShortLE(), 0, 0, null);
            case NTEXTTYPE:
            case TEXTTYPE:
            case IMAGETYPE: {
                int maxLength = p.readIntLE();
                Charset cs =
                        type == NTEXTTYPE ? StandardCharsets.UTF_16LE : type == TEXTTYPE ? collationCharset(p) : null;
                if (type == NTEXTTYPE) {
                    p.skipBytes(5);
                }
                return new TypeInfo(type, maxLength, 0, 0, cs);
            }
            default:
                throw new IllegalArgumentException("Unsupported data type 0x" + Integer.toHexString(type));
        }
    }

    /** Collation (5 bytes): a UTF-8 collation decodes as UTF-8, the others as code page 1252. */
    private static Charset collationCharset(ByteBuf p) {
        int info = p.readIntLE();
        p.readUnsignedByte(); // SortId
        return (info & COLLATION_UTF8_FLAG) != 0 ? StandardCharsets.UTF_8 : CP1252;
    }

    /** Whether values are sent as PLP chunks (the (max) types). */
    public boolean plp() {
        return maxLength == PLP_MAX_LENGTH
                && (type == NVARCHARTYPE || type == BIGVARCHRTYPE || type == BIGVARBINARYTYPE);
    }

    /** Reads one value of this type (TYPE_VARBYTE); null for SQL NULL. */
    public Object readValue(ByteBuf p) {
        switch (type) {
            case NULLTYPE:
                return null;
            case INT1TYPE:
                return (int) p.readUnsignedByte();
            case BITTYPE:
                return p.readByte() != 0;
            case INT2TYPE:
                return (int) p.readShortLE();
            case INT4TYPE:
                return p.readIntLE();
            case INT8TYPE:
                return p.readLongLE();
            case FLT4TYPE:
                return p.readFloatLE();
            case FLT8TYPE:
                return p.readDoubleLE();
            case MONEYTYPE:
                return money8(p);
            case MONEY4TYPE:
                return BigDecimal.valueOf(p.readIntLE(), 4);
            case DATETIMETYPE:
                return datetime8(p);
            case DATETIM4TYPE:
                return datetime4(p);
            default:
                break;
        }
        if (type == NVARCHARTYPE || type == NCHARTYPE || type == BIGVARCHRTYPE || type == BIGCHARTYPE) {
            byte[] bytes = readVariable(p);
            return bytes == null ? null : new String(bytes, charset);
        }
        if (type == BIGVARBINARYTYPE || type == BIGBINARYTYPE) {
            return readVariable(p);
        }
        if (type == NTEXTTYPE || type == TEXTTYPE || type == IMAGETYPE) {
            int len = p.readIntLE();
            if (len == -1) {
                return null;
            }
            byte[] bytes = new byte[len];
            p.readBytes(bytes);
            return type == IMAGETYPE ? bytes : new String(bytes, charset);
        }
        int len = p.readUnsignedByte();
        if (len == 0) {
            return null;
        }
        switch (type) {
            case INTNTYPE:
                switch (len) {
                    case 1:
                        return (int) p.readUnsignedByte();
                    case 2:
                        return (int) p.readShortLE();
                    case 4:
                        return p.readIntLE();
                    case 8:
                        return p.readLongLE();
                    default:
                        throw new IllegalArgumentException("INTN length " + len);
                }
            case BITNTYPE:
                return p.readByte() != 0;
            case FLTNTYPE:
                return len == 4 ? (Object) p.readFloatLE() : (Object) p.readDoubleLE();
            case MONEYNTYPE:
                return len == 4 ? BigDecimal.valueOf(p.readIntLE(), 4) : money8(p);
            case DATETIMNTYPE:
                return len == 4 ? datetime4(p) : datetime8(p);
            case GUIDTYPE:
                return readGuid(p);
            case DECIMALNTYPE:
            case NUMERICNTYPE:
            case DECIMALTYPE:
            case NUMERICTYPE: {
                int sign = p.readUnsignedByte();
                byte[] magnitude = new byte[len - 1];
                for (int i = magnitude.length - 1; i >= 0; i--) {
                    magnitude[i] = p.readByte(); // little-endian on the wire
                }
                BigInteger unscaled = new BigInteger(1, magnitude);
                return new BigDecimal(sign == 0 ? unscaled.negate() : unscaled, scale);
            }
            case DATENTYPE:
                return ParamDecoder.DATE_BASE.plusDays(p.readUnsignedMediumLE());
            case TIMENTYPE:
                return readTime(p, len, scale);
            case DATETIME2NTYPE: {
                LocalTime t = readTime(p, len - 3, scale);
                return LocalDateTime.of(ParamDecoder.DATE_BASE.plusDays(p.readUnsignedMediumLE()), t);
            }
            case DATETIMEOFFSETNTYPE: {
                LocalTime t = readTime(p, len - 5, scale);
                LocalDateTime utc = LocalDateTime.of(ParamDecoder.DATE_BASE.plusDays(p.readUnsignedMediumLE()), t);
                int minutes = p.readShortLE();
                return OffsetDateTime.of(utc, ZoneOffset.UTC)
                        .withOffsetSameInstant(ZoneOffset.ofTotalSeconds(minutes * 60));
            }
            default:
                throw new IllegalArgumentException("Unsupported data type 0x" + Integer.toHexString(type));
        }
    }

    /** USHORT-length value, or PLP chunks for the (max) types; null for the NULL markers. */
    private byte[] readVariable(ByteBuf p) {
        if (plp()) {
            long total = p.readLongLE();
            if (total == PLP_NULL) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(total == PLP_UNKNOWN_LENGTH ? 1024 : (int) total);
            while (true) {
                int chunk = (int) p.readUnsignedIntLE();
                if (chunk == 0) { // PLP_TERMINATOR
                    break;
                }
                byte[] data = new byte[chunk];
                p.readBytes(data);
                out.writeBytes(data);
            }
            return out.toByteArray();
        }
        int len = p.readUnsignedShortLE();
        if (len == 0xFFFF) {
            return null;
        }
        byte[] data = new byte[len];
        p.readBytes(data);
        return data;
    }

    static LocalTime readTime(ByteBuf p, int len, int scale) {
        long units;
        if (len == 3) {
            units = p.readUnsignedMediumLE();
        } else if (len == 4) {
            units = p.readUnsignedIntLE();
        } else {
            units = p.readUnsignedIntLE() | ((long) p.readUnsignedByte() << 32);
        }
        long nanos = units;
        for (int i = scale; i < 9; i++) {
            nanos *= 10;
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    /** uniqueidentifier: Data1 (4, LE), Data2 (2, LE), Data3 (2, LE), Data4 (8, as is). */
    static UUID readGuid(ByteBuf p) {
        long d1 = p.readUnsignedIntLE();
        long d2 = p.readUnsignedShortLE();
        long d3 = p.readUnsignedShortLE();
        long lsb = p.readLong();
        return new UUID((d1 << 32) | (d2 << 16) | d3, lsb);
    }

    private static BigDecimal money8(ByteBuf p) {
        long high = p.readIntLE();
        long low = p.readIntLE() & 0xFFFFFFFFL;
        return BigDecimal.valueOf((high << 32) | low, 4);
    }

    private static LocalDateTime datetime8(ByteBuf p) {
        int days = p.readIntLE();
        long ticks = p.readUnsignedIntLE(); // 1/300 s
        return LocalDateTime.of(ParamDecoder.DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT)
                .plusNanos(Math.round(ticks * 1_000_000_000.0 / 300.0));
    }

    private static LocalDateTime datetime4(ByteBuf p) {
        int days = p.readUnsignedShortLE();
        int minutes = p.readUnsignedShortLE();
        return LocalDateTime.of(ParamDecoder.DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT)
                .plusMinutes(minutes);
    }
}
