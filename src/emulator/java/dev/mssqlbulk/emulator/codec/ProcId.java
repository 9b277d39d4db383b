package dev.mssqlbulk.emulator.codec;

/** Well-known stored procedure ids of RPCReqBatch ProcIDSwitch (MS-TDS 2.2.6.6). */
public final class ProcId {
    public static final int SP_CURSOR = 1;
    public static final int SP_CURSOROPEN = 2;
    public static final int SP_CURSORPREPARE = 3;
    public static final int SP_CURSOREXECUTE = 4;
    public static final int SP_CURSORPREPEXEC = 5;
    public static final int SP_CURSORUNPREPARE = 6;
    public static final int SP_CURSORFETCH = 7;
    public static final int SP_CURSOROPTION = 8;
    public static final int SP_CURSORCLOSE = 9;
    public static final int SP_EXECUTESQL = 10;
    public static final int SP_PREPARE = 11;
    public static final int SP_EXECUTE = 12;
    public static final int SP_PREPEXEC = 13;
    public static final int SP_PREPEXECRPC = 14;
    public static final int SP_UNPREPARE = 15;

    private ProcId() {}

    /** Maps a procedure name sent by name to its id, or -1. */
    public static int byName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("sys.")) {
            n = n.substring(4);
        }
        switch (n) {
            case "sp_executesql":
                return SP_EXECUTESQL;
            case "sp_prepare":
                return SP_PREPARE;
            case "sp_execute":
                return SP_EXECUTE;
            case "sp_prepexec":
                return SP_PREPEXEC;
            case "sp_unprepare":
                return SP_UNPREPARE;
            default:
                return -1;
        }
    }
}
