package dev.mssqlbulk.ingest;

/**
 * Where a reader of an upload can start again without reading what comes before: the byte offset in the staged
 * upload at which the record after data row {@code row} starts (a byte order mark counts). Opened there (see
 * {@link UploadFormat#openAfter}), a reader numbers its rows on from {@code row + 1} and names bad bytes by their
 * offset in the whole upload, exactly as a reader that read the upload from its first byte.
 *
 * <p>The offset is counted on the raw bytes, below the UTF-8 decoder and the parser, whose read-ahead makes their
 * own positions useless for this. Any blank lines between that row and the next record lie after the offset and
 * are skipped again when reading resumes there.
 *
 * @param row    the last data row before the offset (0: the header)
 * @param offset the byte offset in the upload of the first byte after that row's record and its line break
 */
public record ResumePoint(long row, long offset) {

    public ResumePoint {
        if (row < 0 || offset < 0) {
            throw new IllegalArgumentException("a resume point needs a row and offset of at least 0");
        }
    }
}
