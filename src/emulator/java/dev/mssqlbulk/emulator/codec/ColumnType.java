package dev.mssqlbulk.emulator.codec;

import static dev.mssqlbulk.emulator.codec.DataType.*;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** How one result column of a given SQL Server type goes on the wire: its TYPE_INFO and value encoding. */
public final class ColumnType {
    /** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409, flags, version, SortId 52 (code page 1252). */
    public static final byte[] COLLATION = {0x09, 0x04, (byte) 0xD0, 0x00, 0x34};

    private static final Charset CP1252 = Charset.forName("windows-1252");

    public final SqlType sqlType;
    public final int tdsType;
    /** Fixed length or max length in bytes (0xFFFF = PLP) as sent in TYPE_INFO. */
    public final int maxLength;

    public final int precision;
    public final int scale;

    private ColumnType(SqlType sqlType, int tdsType, int maxLength, int precision, int scale) {
        this.sqlType = sqlType;
        this.tdsType = tdsType;
        this.maxLength = maxLength;
        this.precision = precision;
        this.scale = scale;
    }

    public boolean plp() {
        return maxLength == PLP_MAX_LENGTH
                && (tdsType == NVARCHARTYPE || tdsType == BIGVARCHRTYPE || tdsType == BIGVARBINARYTYPE);
    }

    public static ColumnType of(SqlType t) {
        switch (t.name()) {
            case "tinyint":
                return new ColumnType(t, INTNTYPE, 1, 0, 0);
            case "smallint":
                return new ColumnType(t, INTNTYPE, 2, 0, 0);
            case "int":
                return new ColumnType(t, INTNTYPE, 4, 0, 0);
            case "bigint":
                return new ColumnType(t, INTNTYPE, 8, 0, 0);
            case "bit":
                return new ColumnType(t, BITNTYPE, 1, 0, 0);
            case "decimal":
            case "numeric": {
                int p = Math.max(1, Math.min(38, t.precision()));
                int s = Math.max(0, Math.min(p, t.scale()));
                return new ColumnType(
                        t, t.name().equals("decimal") ? DECIMALNTYPE : NUMERICNTYPE, decimalLength(p), p, s);
            }
            case "money":
                return new ColumnType(t, MONEYNTYPE, 8, 19, 4);
            case "smallmoney":
                return new ColumnType(t, MONEYNTYPE, 4, 10, 4);
            case "float":
                return new ColumnType(t, FLTNTYPE, 8, 0, 0);
            case "real":
                return new ColumnType(t, FLTNTYPE, 4, 0, 0);
            case "date":
                return new ColumnType(t, DATENTYPE, 3, 0, 0);
            case "time":
                return new ColumnType(t, TIMENTYPE, timeLength(t.scale()), 0, t.scale());
            case "datetime2":
                return new ColumnType(t, DATETIME2NTYPE, timeLength(t.scale()) + 3, 0, t.scale());
            case "datetimeoffset":
                return new ColumnType(t, DATETIMEOFFSETNTYPE, timeLength(t.scale()) + 5, 0, t.scale());
            case "datetime":
                return new ColumnType(t, DATETIMNTYPE, 8, 0, 3);
            case "smalldatetime":
                return new ColumnType(t, DATETIMNTYPE, 4, 0, 0);
            case "uniqueidentifier":
                return new ColumnType(t, GUIDTYPE, 16, 0, 0);
            case "nvarchar":
            case "sysname":
            case "ntext":
            case "xml":
                return new ColumnType(
                        t,
                        NVARCHARTYPE,
                        t.isMax() || t.length() > 4000 ? PLP_MAX_LENGTH : Math.max(1, t.length()) * 2,
                        0,
                        0);
            case "nchar":
                return new ColumnType(t, NCHARTYPE, Math.max(1, Math.min(4000, t.length())) * 2, 0, 0);
            case "varchar":
            case "text":
                return new ColumnType(
                        t,
                        BIGVARCHRTYPE,
                        t.isMax() || t.length() > 8000 ? PLP_MAX_LENGTH : Math.max(1, t.length()),
                        0,
                        0);
            case "char":
                return new ColumnType(t, BIGCHARTYPE, Math.max(1, Math.min(8000, t.length())), 0, 0);
            case "varbinary":
            case "image":
                return new ColumnType(
                        t,
                        BIGVARBINARYTYPE,
                        t.isMax() || t.length() > 8000 ? PLP_MAX_LENGTH : Math.max(1, t.length()),
                        0,
                        0);
            case "binary":
            case "timestamp":
            case "rowversion":
                return new ColumnType(
                        t, BIGBINARYTYPE, Math.max(1, Math.min(8000, t.length() == 0 ? 8 : t.length())), 0, 0);
            default:
                return new ColumnType(SqlType.of("nvarchar", SqlType.MAX), NVARCHARTYPE, PLP_MAX_LENGTH, 0, 0);
        }
    }

    static int decimalLength(int precision) {
        return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
    }

    static int timeLength(int scale) {
        return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    }

    /** TYPE_INFO as in COLMETADATA (MS-TDS 2.2.5.6). */
    public void writeTypeInfo(ByteBuf buf) {
        buf.writeByte(tdsType);
        switch (tdsType) {
            case INTNTYPE:
            case BITNTYPE:
            case FLTNTYPE:
            case MONEYNTYPE:
            case DATETIMNTYPE:
            case GUIDTYPE:
                buf.writeByte(maxLength);
                break;
            case DECIMALNTYPE:
            case NUMERICNTYPE:
                buf.writeByte(maxLength).writeByte(precision).writeByte(scale);
                break;
            case DATENTYPE:
                break;
            case TIMENTYPE:
            case DATETIME2NTYPE:
            case DATETIMEOFFSETNTYPE:
                buf.writeByte(scale);
                break;
            case NVARCHARTYPE:
            case NCHARTYPE:
            case BIGVARCHRTYPE:
            case BIGCHARTYPE:
                buf.writeShortLE(maxLength);
                buf.writeBytes(COLLATION);
                break;
            case BIGVARBINARYTYPE:
            case BIGBINARYTYPE:
                buf.writeShortLE(maxLength);
                break;
            default:
                throw new IllegalStateException("type 0x" + Integer.toHexString(tdsType));
        }
    }

    /** TYPE_VARBYTE value of a ROW token; value null writes the type's NULL marker. */
    public void writeValue(ByteBuf buf, Object value) {
        switch (tdsType) {
            case INTNTYPE:
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                long l = ((Number) value).longValue();
                buf.writeByte(maxLength);
                switch (maxLength) {
                    case 1:
                        buf.writeByte((int) l);
                        break;
                    case 2:
                        buf.writeShortLE((int) l);
                        break;
                    case 4:
                        buf.writeIntLE((int) l);
                        break;
                    default:
                        buf.writeLongLE(l);
                }
                return;
            case BITNTYPE:
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                buf.writeByte(1);
                buf.writeByte(value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).intValue() != 0 ? 1 : 0);
                return;
            case FLTNTYPE:
                if (value == null) {
                    buf.writeByte(0);
                } else if (maxLength == 4) {
                    buf.writeByte(4).writeFloatLE(((Number) value).floatValue());
                } else {
                    buf.writeByte(8).writeDoubleLE(((Number) value).doubleValue());
                }
                return;
            case DECIMALNTYPE:
            case NUMERICNTYPE:
                writeDecimal(buf, value);
                return;
            case MONEYNTYPE:
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                long units = toBigDecimal(value)
                        .setScale(4, RoundingMode.HALF_UP)
                        .unscaledValue()
                        .longValueExact();
                if (maxLength == 4) {
                    buf.writeByte(4).writeIntLE((int) units);
                } else {
                    buf.writeByte(8).writeIntLE((int) (units >> 32)).writeIntLE((int) units);
                }
                return;
            case DATENTYPE:
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                buf.writeByte(3);
                buf.writeMediumLE((int) ChronoUnit.DAYS.between(ParamDecoder.DATE_BASE, (LocalDate) value));
                return;
            case TIMENTYPE:
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                buf.writeByte(maxLength);
                writeTime(buf, (LocalTime) value);
                return;
            case DATETIME2NTYPE: {
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                LocalDateTime dt = (LocalDateTime) value;
                buf.writeByte(maxLength);
                writeTime(buf, dt.toLocalTime());
                buf.writeMediumLE((int) ChronoUnit.DAYS.between(ParamDecoder.DATE_BASE, dt.toLocalDate()));
                return;
            }
            case DATETIMEOFFSETNTYPE: {
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                OffsetDateTime odt = (OffsetDateTime) value;
                LocalDateTime utc = odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                buf.writeByte(maxLength);
                writeTime(buf, utc.toLocalTime());
                buf.writeMediumLE((int) ChronoUnit.DAYS.between(ParamDecoder.DATE_BASE, utc.toLocalDate()));
                buf.writeShortLE(odt.getOffset().getTotalSeconds() / 60);
                return;
            }
            case DATETIMNTYPE: {
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                LocalDateTime dt = (LocalDateTime) value;
                int days = (int) ChronoUnit.DAYS.between(ParamDecoder.DATETIME_BASE, dt.toLocalDate());
                if (maxLength == 4) {
                    buf.writeByte(4)
                            .writeShortLE(days)
                            .writeShortLE(dt.toLocalTime().toSecondOfDay() / 60);
                } else {
                    long ticks = Math.round(dt.toLocalTime().toNanoOfDay() * 300.0 / 1_000_000_000.0);
                    buf.writeByte(8).writeIntLE(days).writeIntLE((int) ticks);
                }
                return;
            }
            case GUIDTYPE: {
                if (value == null) {
                    buf.writeByte(0);
                    return;
                }
                UUID u = (UUID) value;
                long msb = u.getMostSignificantBits();
                buf.writeByte(16);
                buf.writeIntLE((int) (msb >> 32));
                buf.writeShortLE((int) (msb >> 16));
                buf.writeShortLE((int) msb);
                buf.writeLong(u.getLeastSignificantBits());
                return;
            }
            case NVARCHARTYPE:
            case NCHARTYPE:
                writeBytes(buf, value == null ? null : value.toString().getBytes(StandardCharsets.UTF_16LE));
                return;
            case BIGVARCHRTYPE:
            case BIGCHARTYPE:
                writeBytes(buf, value == null ? null : value.toString().getBytes(CP1252));
                return;
            case BIGVARBINARYTYPE:
            case BIGBINARYTYPE:
                writeBytes(buf, (byte[]) value);
                return;
            default:
                throw new IllegalStateException("type 0x" + Integer.toHexString(tdsType));
        }
    }

    private void writeBytes(ByteBuf buf, byte[] data) {
        if (plp()) {
            if (data == null) {
                buf.writeLongLE(PLP_NULL);
                return;
            }
            buf.writeLongLE(data.length);
            if (data.length > 0) {
                buf.writeIntLE(data.length); // one chunk
                buf.writeBytes(data);
            }
            buf.writeIntLE(0); // PLP_TERMINATOR
            return;
        }
        if (data == null) {
            buf.writeShortLE(0xFFFF);
            return;
        }
        buf.writeShortLE(data.length);
        buf.writeBytes(data);
    }

    private void writeTime(ByteBuf buf, LocalTime t) {
        long units = t.toNanoOfDay();
        for (int i = scale; i < 9; i++) {
            units /= 10;
        }
        int length = timeLength(scale);
        if (length == 3) {
            buf.writeMediumLE((int) units);
        } else if (length == 4) {
            buf.writeIntLE((int) units);
        } else {
            buf.writeIntLE((int) units);
            buf.writeByte((int) (units >>> 32));
        }
    }

    private void writeDecimal(ByteBuf buf, Object value) {
        if (value == null) {
            buf.writeByte(0);
            return;
        }
        BigDecimal d = toBigDecimal(value).setScale(scale, RoundingMode.HALF_UP);
        BigInteger unscaled = d.unscaledValue();
        byte[] be = unscaled.abs().toByteArray();
        int magnitude = maxLength - 1;
        buf.writeByte(maxLength);
        buf.writeByte(unscaled.signum() < 0 ? 0 : 1);
        for (int i = 0; i < magnitude; i++) {
            int idx = be.length - 1 - i;
            buf.writeByte(idx >= 0 ? be[idx] : 0);
        }
    }

    private static BigDecimal toBigDecimal(Object value) {
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(value.toString());
    }
}
