package dev.mssqlbulk.emulator.codec;

/** TDS packet header Type values (MS-TDS 2.2.3.1.1). */
public final class PacketType {
    public static final int SQL_BATCH = 0x01;
    public static final int PRE_TDS7_LOGIN = 0x02;
    public static final int RPC = 0x03;
    public static final int TABULAR_RESULT = 0x04;
    public static final int ATTENTION = 0x06;
    public static final int BULK_LOAD = 0x07;
    public static final int FEDAUTH_TOKEN = 0x08;
    public static final int TRANSACTION_MANAGER = 0x0E;
    public static final int TDS7_LOGIN = 0x10;
    public static final int SSPI = 0x11;
    public static final int PRELOGIN = 0x12;

    /** Packet header Status bits (MS-TDS 2.2.3.1.2). */
    public static final int STATUS_NORMAL = 0x00;

    public static final int STATUS_EOM = 0x01;
    public static final int STATUS_IGNORE = 0x02;
    public static final int STATUS_RESETCONNECTION = 0x08;

    private PacketType() {}

    /** Whether a packet of this type may come from a client. */
    public static boolean isClientType(int type) {
        switch (type) {
            case SQL_BATCH:
            case PRE_TDS7_LOGIN:
            case RPC:
            case ATTENTION:
            case BULK_LOAD:
            case FEDAUTH_TOKEN:
            case TRANSACTION_MANAGER:
            case TDS7_LOGIN:
            case SSPI:
            case PRELOGIN:
                return true;
            default:
                return false;
        }
    }
}
