package dev.mssqlbulk.emulator.sql;

import dev.mssqlbulk.emulator.codec.ColMetadata;
import java.util.List;

/** Receives what statements produce, in order; the TDS layer turns it into tokens. */
public interface ResultSink {
    void columns(List<ColMetadata.Column> columns);

    void row(Object[] values);

    /** The statement completed; hasCount says whether rows is a row count (DONE_COUNT). */
    void done(boolean hasCount, long rows);

    /** The same with the statement's CurCmd (see {@link dev.mssqlbulk.emulator.codec.CurCmd}). */
    default void done(boolean hasCount, long rows, int curCmd) {
        done(hasCount, rows);
    }

    /** The statement failed: an ERROR token and a DONE with the error flag. */
    void error(SqlServerError error);

    void info(int number, String message);

    /** ENVCHANGE for transactions (type 8 begin, 9 commit, 10 rollback). */
    void transaction(int envChangeType, long descriptor);
}
