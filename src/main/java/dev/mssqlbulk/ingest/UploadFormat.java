package dev.mssqlbulk.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The format of an upload's data, and how to read it: the job pipeline opens and counts any upload through this
 * without knowing its format.
 */
public enum UploadFormat {

    /** RFC 4180 CSV with a header line. */
    CSV("csv"),
    /** One JSON array of objects. */
    JSON_ARRAY("json"),
    /** JSON Lines (NDJSON): one object per line. */
    JSON_LINES("jsonl");

    private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "application/vnd.ms-excel");
    private static final Set<String> JSON_TYPES = Set.of("application/json");
    private static final Set<String> JSON_LINES_TYPES =
            Set.of("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines");

    private final String extension;

    UploadFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension of the format, without the dot, e.g. to name a staged copy. */
    public String extension() {
        return extension;
    }

    /**
     * The format of an uploaded part: by its content type first, then by its file name's extension, else CSV
     * (what {@code curl -F file=@data} sends is {@code application/octet-stream}). For {@code application/json} and
     * {@code .json}, the first character of {@code file} decides: '[' is an array, '{' is JSON Lines.
     *
     * @param contentType the part's content type, parameters allowed; may be null
     * @param fileName    the part's file name; may be null
     * @param file        the uploaded data, looked at only for {@code application/json} or {@code .json}
     * @throws UncheckedIOException when {@code file} cannot be read
     */
    public static UploadFormat detect(String contentType, String fileName, Path file) {
        String type = mediaType(contentType);
        if (CSV_TYPES.contains(type)) {
            return CSV;
        }
        if (JSON_TYPES.contains(type)) {
            return sniffJson(file);
        }
        if (JSON_LINES_TYPES.contains(type)) {
            return JSON_LINES;
        }
        String name = fileName == null ? "" : fileName.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return sniffJson(file);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSON_LINES;
        }
        return CSV;
    }

    /** Opens {@code file} in this format; {@code csvDelimiter} matters only for CSV. */
    public RecordReader open(Path file, char csvDelimiter) throws IOException {
        return open(UploadSource.of(file), csvDelimiter, false);
    }

    /**
     * As {@link #open(Path, char)}; with {@code nestedPaths}, a JSON upload's nested values are fields named by
     * their paths ({@code address.city}, {@code items[0].id}), as a transformation addresses them. CSV has no
     * nesting: its header names are taken as they are.
     */
    public RecordReader open(Path file, char csvDelimiter, boolean nestedPaths) throws IOException {
        return open(UploadSource.of(file), csvDelimiter, nestedPaths);
    }

    /** As {@link #open(Path, char, boolean)}, for an upload in any store. */
    public RecordReader open(UploadSource file, char csvDelimiter, boolean nestedPaths) throws IOException {
        return switch (this) {
            case CSV -> CsvRecordReader.open(file, csvDelimiter);
            case JSON_ARRAY -> JsonRecordReader.open(file, false, nestedPaths);
            case JSON_LINES -> JsonRecordReader.open(file, true, nestedPaths);
        };
    }

    /**
     * As {@link #open(UploadSource, char, boolean)}, positioned after data row {@code row}, e.g. to resume a job
     * after its checkpoint. With {@code from} (a {@link RecordReader#resumePoint()} after that row), CSV and JSON
     * Lines read on from its byte offset (the header still comes from the start), without reading the rows before
     * it again; without it, and always for a JSON array, whose elements cannot be read on their own, the rows
     * before are read and passed over.
     *
     * @throws IllegalArgumentException when {@code from} is not a point after {@code row}
     */
    public RecordReader openAfter(UploadSource file, char csvDelimiter, boolean nestedPaths, long row, ResumePoint from)
            throws IOException {
        if (from != null && from.row() != row) {
            throw new IllegalArgumentException("resume point " + from + " is not after row " + row);
        }
        if (from != null && from.offset() > 0 && this != JSON_ARRAY) {
            try {
                return this == CSV
                        ? CsvRecordReader.open(file, csvDelimiter, from)
                        : JsonRecordReader.openLines(file, nestedPaths, from);
            } catch (Utf8Files.NotAResumePoint e) {
                // not a point of this upload: read it from its start like one without a point
            }
        }
        RecordReader reader = open(file, csvDelimiter, nestedPaths);
        try {
            reader.skip(row);
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Counts the data rows of {@code file} in this format; {@code csvDelimiter} matters only for CSV. */
    public long countRows(Path file, char csvDelimiter) throws IOException {
        return countRows(UploadSource.of(file), csvDelimiter);
    }

    /** As {@link #countRows(Path, char)}, for an upload in any store. */
    public long countRows(UploadSource file, char csvDelimiter) throws IOException {
        return switch (this) {
            case CSV -> CsvRecordReader.countRows(file, csvDelimiter);
            case JSON_ARRAY -> JsonRecordReader.countRows(file, false);
            case JSON_LINES -> JsonRecordReader.countRows(file, true);
        };
    }

    /** {@code "Application/JSON; charset=utf-8"} -> {@code "application/json"}; null -> {@code ""}. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    /**
     * JSON Lines when the first character past a byte order mark and white space is '{'; otherwise an array
     * (including an empty file, and anything else, which the array reader then reports).
     */
    private static UploadFormat sniffJson(Path file) {
        if (file == null) {
            return JSON_ARRAY;
        }
        try (InputStream in = Utf8Files.afterBom(file)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
            return b == '{' ? JSON_LINES : JSON_ARRAY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload: " + e.getMessage(), e);
        }
    }
}
