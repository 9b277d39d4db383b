package dev.mssqlbulk.emulator.codec;

/**
 * CurCmd of DONE, DONEPROC and DONEINPROC (MS-TDS 2.2.7.6): the token of the statement that completed. mssql-jdbc
 * reports a DONE_COUNT row count as an update count only when CurCmd is a DML or DDL command; the Vert.x client ignores
 * it.
 */
public final class CurCmd {
    public static final int NONE = 0x00;
    public static final int SELECT = 0xC1;
    public static final int INSERT = 0xC3;
    public static final int DELETE = 0xC4;
    public static final int UPDATE = 0xC5;
    /** INSERT BULK / the BulkLoadBCP rows. */
    public static final int BULK_INSERT = 0xF0;

    public static final int MERGE = 0x117;

    private CurCmd() {}

    /** The CurCmd of a statement by its verb (SELECT, INSERT, UPDATE, DELETE, MERGE); NONE for others. */
    public static int of(String verb) {
        switch (verb) {
            case "SELECT":
            case "VALUES":
                return SELECT;
            case "INSERT":
                return INSERT;
            case "DELETE":
                return DELETE;
            case "UPDATE":
                return UPDATE;
            case "MERGE":
                return MERGE;
            default:
                return NONE;
        }
    }
}
