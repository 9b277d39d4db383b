package dev.mssqlbulk.emulator.codec;

/** TYPE_INFO type identifiers with their MS-TDS names (2.2.5.4). */
public final class DataType {
    // zero-length
    public static final int NULLTYPE = 0x1F;
    // fixed-length
    public static final int INT1TYPE = 0x30;
    public static final int BITTYPE = 0x32;
    public static final int INT2TYPE = 0x34;
    public static final int INT4TYPE = 0x38;
    public static final int DATETIM4TYPE = 0x3A;
    public static final int FLT4TYPE = 0x3B;
    public static final int MONEYTYPE = 0x3C;
    public static final int DATETIMETYPE = 0x3D;
    public static final int FLT8TYPE = 0x3E;
    public static final int MONEY4TYPE = 0x7A;
    public static final int INT8TYPE = 0x7F;
    // variable-length, byte length
    public static final int GUIDTYPE = 0x24;
    public static final int INTNTYPE = 0x26;
    public static final int DECIMALTYPE = 0x37;
    public static final int NUMERICTYPE = 0x3F;
    public static final int BITNTYPE = 0x68;
    public static final int DECIMALNTYPE = 0x6A;
    public static final int NUMERICNTYPE = 0x6C;
    public static final int FLTNTYPE = 0x6D;
    public static final int MONEYNTYPE = 0x6E;
    public static final int DATETIMNTYPE = 0x6F;
    public static final int DATENTYPE = 0x28;
    public static final int TIMENTYPE = 0x29;
    public static final int DATETIME2NTYPE = 0x2A;
    public static final int DATETIMEOFFSETNTYPE = 0x2B;
    public static final int CHARTYPE = 0x2F;
    public static final int VARCHARTYPE = 0x27;
    public static final int BINARYTYPE = 0x2D;
    public static final int VARBINARYTYPE = 0x25;
    // variable-length, ushort length
    public static final int BIGVARBINARYTYPE = 0xA5;
    public static final int BIGVARCHRTYPE = 0xA7;
    public static final int BIGBINARYTYPE = 0xAD;
    public static final int BIGCHARTYPE = 0xAF;
    public static final int NVARCHARTYPE = 0xE7;
    public static final int NCHARTYPE = 0xEF;
    // variable-length, long length
    public static final int XMLTYPE = 0xF1;
    public static final int UDTTYPE = 0xF0;
    public static final int TEXTTYPE = 0x23;
    public static final int IMAGETYPE = 0x22;
    public static final int NTEXTTYPE = 0x63;
    public static final int SSVARIANTTYPE = 0x62;

    /** USHORTMAXLEN marking a PLP (max) type. */
    public static final int PLP_MAX_LENGTH = 0xFFFF;

    public static final long PLP_NULL = 0xFFFFFFFFFFFFFFFFL;
    public static final long PLP_UNKNOWN_LENGTH = 0xFFFFFFFFFFFFFFFEL;

    private DataType() {}
}
