package dev.mssqlbulk.download;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mssqlbulk.staging.StagingOutput;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A staged query result: JSON Lines, first the columns ({@code {"columns":[{"name","type"}]}}), then one array
 * of value texts (or null) per row. Written and read a line at a time; memory does not grow with the result.
 */
public final class ResultFile {

    private static final JsonFactory JSON = new JsonFactory();

    /** A column of the result: its name and SQL Server type. */
    public record ResultColumn(String name, String type) {}

    private ResultFile() {}

    /**
     * Appends rows to a new result file in the staging store: nothing is visible under its key until
     * {@link #commit()}; closing without a commit discards what was written. Blocking I/O.
     */
    public static final class Writer implements Closeable {
        private final StagingOutput target;
        private final BufferedWriter out;

        public Writer(StagingOutput target, List<ResultColumn> columns) throws IOException {
            this.target = target;
            out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
            try (JsonGenerator json = JSON.createGenerator(new NonClosing(out))) {
                json.writeStartObject();
                json.writeArrayFieldStart("columns");
                for (ResultColumn column : columns) {
                    json.writeStartObject();
                    json.writeStringField("name", column.name());
                    json.writeStringField("type", column.type());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            out.write('\n');
        }

        public void write(List<String> values) throws IOException {
            try (JsonGenerator json = JSON.createGenerator(new NonClosing(out))) {
                json.writeStartArray();
                for (String value : values) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            out.write('\n');
        }

        /** Bytes handed to the store so far (what the writer still buffers, a few KiB, not included). */
        public long written() {
            return target.written();
        }

        /** Makes the complete result the object under its key. */
        public void commit() throws IOException {
            out.flush();
            target.commit();
        }

        /** Releases the output; without a commit, the result is discarded. */
        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                target.close();
            }
        }
    }

    /** Reads a result file back: its columns, then its rows. Blocking I/O. */
    public static final class Reader implements Closeable {
        private final BufferedReader in;
        private final List<ResultColumn> columns = new ArrayList<>();

        /** Reads the columns from {@code stream}, which the reader then owns. */
        public Reader(InputStream stream) throws IOException {
            in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String first = in.readLine();
            if (first == null) {
                in.close();
                throw new IOException("empty result file");
            }
            try (JsonParser json = JSON.createParser(first)) {
                String name = null;
                JsonToken token;
                while ((token = json.nextToken()) != null) {
                    if (token == JsonToken.FIELD_NAME && "name".equals(json.currentName())) {
                        json.nextToken();
                        name = json.getText();
                    } else if (token == JsonToken.FIELD_NAME && "type".equals(json.currentName())) {
                        json.nextToken();
                        columns.add(new ResultColumn(name, json.getText()));
                    }
                }
            }
        }

        public List<ResultColumn> columns() {
            return columns;
        }

        /** The next row's value texts, or null at the end. */
        public List<String> next() throws IOException {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                return null;
            }
            List<String> values = new ArrayList<>(columns.size());
            try (JsonParser json = JSON.createParser(line)) {
                json.nextToken();
                JsonToken token;
                while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                    values.add(token == JsonToken.VALUE_NULL ? null : json.getText());
                }
            }
            return values;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Lets a generator flush into the shared writer without closing it. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(java.io.Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
