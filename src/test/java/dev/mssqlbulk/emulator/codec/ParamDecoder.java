package dev.mssqlbulk.emulator.codec;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static dev.mssqlbulk.emulator.codec.DataType.*;

/** Decodes an RPC parameter's TYPE_INFO and value (MS-TDS 2.2.5.4-2.2.5.6) into a Java value. */
public final class ParamDecoder {
  static final LocalDate DATE_BASE = LocalDate.of(1, 1, 1);
  static final LocalDate DATETIME_BASE = LocalDate.of(1900, 1, 1);
  private static final Charset CP1252 = Charset.forName("windows-1252");
  private static final int COLLATION_UTF8_FLAG = 0x04000000;

  private ParamDecoder() {
  }

  public static Object decode(int typeId, ByteBuf p) {
    switch (typeId) {
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
      case INTNTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        switch (len) {
          case 0: return null;
          case 1: return (int) p.readUnsignedByte();
          case 2: return (int) p.readShortLE();
          case 4: return p.readIntLE();
          case 8: return p.readLongLE();
          default: throw new IllegalArgumentException("INTN length " + len);
        }
      }
      case BITNTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : p.readByte() != 0;
      }
      case FLTNTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : len == 4 ? (Object) p.readFloatLE() : (Object) p.readDoubleLE();
      }
      case MONEYNTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : len == 4 ? BigDecimal.valueOf(p.readIntLE(), 4) : money8(p);
      }
      case DATETIMNTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : len == 4 ? datetime4(p) : datetime8(p);
      }
      case GUIDTYPE: {
        p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : readGuid(p);
      }
      case DECIMALNTYPE:
      case NUMERICNTYPE:
      case DECIMALTYPE:
      case NUMERICTYPE: {
        p.readUnsignedByte(); // max length
        p.readUnsignedByte(); // precision
        int scale = p.readUnsignedByte();
        int len = p.readUnsignedByte();
        if (len == 0) {
          return null;
        }
        int sign = p.readUnsignedByte();
        byte[] magnitude = new byte[len - 1];
        for (int i = magnitude.length - 1; i >= 0; i--) {
          magnitude[i] = p.readByte(); // little-endian on the wire
        }
        BigInteger unscaled = new BigInteger(1, magnitude);
        return new BigDecimal(sign == 0 ? unscaled.negate() : unscaled, scale);
      }
      case DATENTYPE: {
        int len = p.readUnsignedByte();
        return len == 0 ? null : DATE_BASE.plusDays(p.readUnsignedMediumLE());
      }
      case TIMENTYPE: {
        int scale = p.readUnsignedByte();
        int len = p.readUnsignedByte();
        return len == 0 ? null : readTime(p, len, scale);
      }
      case DATETIME2NTYPE: {
        int scale = p.readUnsignedByte();
        int len = p.readUnsignedByte();
        if (len == 0) {
          return null;
        }
        LocalTime t = readTime(p, len - 3, scale);
        return LocalDateTime.of(DATE_BASE.plusDays(p.readUnsignedMediumLE()), t);
      }
      case DATETIMEOFFSETNTYPE: {
        int scale = p.readUnsignedByte();
        int len = p.readUnsignedByte();
        if (len == 0) {
          return null;
        }
        LocalTime t = readTime(p, len - 5, scale);
        LocalDateTime utc = LocalDateTime.of(DATE_BASE.plusDays(p.readUnsignedMediumLE()), t);
        int minutes = p.readShortLE();
        return OffsetDateTime.of(utc, ZoneOffset.UTC).withOffsetSameInstant(ZoneOffset.ofTotalSeconds(minutes * 60));
      }
      case NVARCHARTYPE:
      case NCHARTYPE: {
        int maxLen = p.readUnsignedShortLE();
        p.skipBytes(5); // collation
        byte[] bytes = readVariable(p, maxLen);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_16LE);
      }
      case BIGVARCHRTYPE:
      case BIGCHARTYPE: {
        int maxLen = p.readUnsignedShortLE();
        int info = p.readIntLE();
        p.readUnsignedByte();
        byte[] bytes = readVariable(p, maxLen);
        Charset cs = (info & COLLATION_UTF8_FLAG) != 0 ? StandardCharsets.UTF_8 : CP1252;
        return bytes == null ? null : new String(bytes, cs);
      }
      case BIGVARBINARYTYPE:
      case BIGBINARYTYPE: {
        int maxLen = p.readUnsignedShortLE();
        return readVariable(p, maxLen);
      }
      case NTEXTTYPE:
      case TEXTTYPE:
      case IMAGETYPE: {
        p.readIntLE();
        if (typeId != IMAGETYPE) {
          p.skipBytes(5);
        }
        int len = p.readIntLE();
        if (len == -1) {
          return null;
        }
        byte[] bytes = new byte[len];
        p.readBytes(bytes);
        return typeId == IMAGETYPE ? bytes : new String(bytes, typeId == NTEXTTYPE ? StandardCharsets.UTF_16LE : CP1252);
      }
      default:
        throw new IllegalArgumentException("Unsupported parameter type 0x" + Integer.toHexString(typeId));
    }
  }

  /** USHORT-length value, or PLP when the declared max length is 0xFFFF; null for the NULL markers. */
  private static byte[] readVariable(ByteBuf p, int maxLen) {
    if (maxLen == PLP_MAX_LENGTH) {
      long total = p.readLongLE();
      if (total == PLP_NULL) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(total == PLP_UNKNOWN_LENGTH ? 1024 : (int) total);
      while (true) {
        int chunk = (int) p.readUnsignedIntLE();
        if (chunk == 0) {
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
    return LocalDateTime.of(DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT).plusNanos(Math.round(ticks * 1_000_000_000.0 / 300.0));
  }

  private static LocalDateTime datetime4(ByteBuf p) {
    int days = p.readUnsignedShortLE();
    int minutes = p.readUnsignedShortLE();
    return LocalDateTime.of(DATETIME_BASE.plusDays(days), LocalTime.MIDNIGHT).plusMinutes(minutes);
  }
}
