package dev.mssqlbulk.emulator.codec;

/** ENVCHANGE Type values (MS-TDS 2.2.7.9). */
public final class EnvChangeType {
    public static final int DATABASE = 1;
    public static final int LANGUAGE = 2;
    public static final int PACKET_SIZE = 4;
    public static final int SQL_COLLATION = 7;
    public static final int BEGIN_TRANSACTION = 8;
    public static final int COMMIT_TRANSACTION = 9;
    public static final int ROLLBACK_TRANSACTION = 10;

    private EnvChangeType() {}
}
