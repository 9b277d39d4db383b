package dev.mssqlbulk.emulator;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import dev.mssqlbulk.emulator.codec.CurCmd;
import dev.mssqlbulk.emulator.codec.Done;
import dev.mssqlbulk.emulator.codec.DoneStatus;
import dev.mssqlbulk.emulator.codec.EnvChange;
import dev.mssqlbulk.emulator.codec.EnvChangeType;
import dev.mssqlbulk.emulator.codec.ErrorToken;
import dev.mssqlbulk.emulator.codec.Row;
import dev.mssqlbulk.emulator.codec.TokenType;
import dev.mssqlbulk.emulator.sql.ResultSink;
import dev.mssqlbulk.emulator.sql.ServerQuirks;
import dev.mssqlbulk.emulator.sql.SqlServerError;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Writes statement results as tokens: DONE per batch statement, DONEINPROC inside an RPC. */
final class TokenSink implements ResultSink {
    static final String SERVER_NAME = "MSSQL-EMULATOR";

    private final ByteBuf buf;
    private final int doneToken;
    private final ServerQuirks quirks;
    private List<ColMetadata.Column> columns;
    private int lastDone = -1;
    private boolean failed;

    TokenSink(ByteBuf buf, boolean inProc, ServerQuirks quirks) {
        this.buf = buf;
        this.doneToken = inProc ? TokenType.DONEINPROC : TokenType.DONE;
        this.quirks = quirks;
    }

    @Override
    public void columns(List<ColMetadata.Column> columns) {
        this.columns = columns;
        ColMetadata.write(buf, columns);
    }

    @Override
    public void row(Object[] values) {
        Row.write(buf, columns, values);
    }

    @Override
    public void done(boolean hasCount, long rows) {
        done(hasCount, rows, CurCmd.NONE);
    }

    @Override
    public void done(boolean hasCount, long rows, int curCmd) {
        int status = DoneStatus.DONE_MORE | (hasCount ? DoneStatus.DONE_COUNT : 0);
        lastDone = Done.write(buf, doneToken, status, curCmd, hasCount ? rows : 0);
    }

    @Override
    public void error(SqlServerError error) {
        failed = true;
        SqlServerError e = quirks.asReported(error);
        ErrorToken.writeError(buf, e.number, e.state, e.severity, e.getMessage(), SERVER_NAME, 1);
        lastDone = Done.write(buf, doneToken, DoneStatus.DONE_MORE | DoneStatus.DONE_ERROR, 0, 0);
    }

    @Override
    public void info(int number, String message) {
        ErrorToken.writeInfo(buf, number, 1, 0, message, SERVER_NAME, 1);
    }

    @Override
    public void transaction(int envChangeType, long descriptor) {
        if (envChangeType == EnvChangeType.BEGIN_TRANSACTION) {
            EnvChange.writeBeginTransaction(buf, descriptor);
        } else {
            EnvChange.writeEndTransaction(buf, envChangeType, descriptor);
        }
    }

    boolean failed() {
        return failed;
    }

    /** Ends a SQL batch reply: the last DONE loses DONE_MORE; an empty reply gets a final DONE. */
    void finishBatch() {
        if (lastDone < 0) {
            Done.write(buf, TokenType.DONE, DoneStatus.DONE_FINAL, 0, 0);
            return;
        }
        Done.status(buf, lastDone, Done.status(buf, lastDone) & ~DoneStatus.DONE_MORE);
    }
}
