package dev.mssqlbulk.emulator.codec;

/** DONE/DONEPROC/DONEINPROC Status bits (MS-TDS 2.2.7.6). */
public final class DoneStatus {
    public static final int DONE_FINAL = 0x00;
    public static final int DONE_MORE = 0x01;
    public static final int DONE_ERROR = 0x02;
    public static final int DONE_INXACT = 0x04;
    public static final int DONE_COUNT = 0x10;
    public static final int DONE_ATTN = 0x20;
    public static final int DONE_SRVERROR = 0x100;

    private DoneStatus() {}
}
