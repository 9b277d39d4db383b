package dev.mssqlbulk.staging;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written: bytes go to {@link #write}; {@link #commit()} makes the object appear under its key,
 * whole; {@link #close()} without a commit discards it. Use it in try-with-resources and commit as the last statement,
 * so that any exception leaves nothing half-written behind.
 */
public abstract class StagingOutput extends OutputStream {

    /** Makes the written bytes the object under the key. Writing after a commit is an error. */
    public abstract void commit() throws IOException;

    /** Bytes written so far (for a size limit such as the largest result file). */
    public abstract long written();

    /** Discards what was written unless committed; closing again does nothing. */
    @Override
    public abstract void close() throws IOException;
}
