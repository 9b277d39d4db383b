package dev.mssqlbulk.transform;

import dev.mssqlbulk.ingest.RecordReader;
import dev.mssqlbulk.ingest.ResumePoint;
import dev.mssqlbulk.ingest.SourceRow;
import dev.mssqlbulk.ingest.UploadRejected;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A file in a resource's fields, read as rows in the table's columns: the layer between the file's reader and the
 * rest of the pipeline, which then sees an ordinary upload whose header is column names. The header holds the
 * columns of the file's mapped fields, in file order; each value is converted by its field's type and pattern into
 * the text the column's converter reads (a {@code dd/MM/yyyy} date becomes {@code 2024-01-31}).
 *
 * <p>A value its field's type refuses fails its row with a message naming the file's field and the column; the
 * column's own checks (range, length, NOT NULL) follow later, naming both as well. A field of the file that the
 * transformation does not map is refused when the header is read, unless the upload asked to ignore such fields.
 */
final class TransformingReader implements RecordReader {

    private final RecordReader file;
    private final int fileFields;
    private final int[] positions;
    private final ResourceMapping.MappedField[] fields;
    private final List<String> header;

    TransformingReader(RecordReader file, ResourceMapping mapping, boolean ignoreUnmappedFields) {
        this.file = file;
        List<String> fileHeader = file.header();
        this.fileFields = fileHeader.size();
        List<Integer> kept = new ArrayList<>();
        List<ResourceMapping.MappedField> mapped = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (int i = 0; i < fileHeader.size(); i++) {
            var field = mapping.field(fileHeader.get(i));
            if (field.isPresent()) {
                kept.add(i);
                mapped.add(field.get());
            } else {
                unmapped.add("'" + fileHeader.get(i) + "'");
            }
        }
        if (!unmapped.isEmpty() && !ignoreUnmappedFields && !fileHeader.isEmpty()) {
            throw new UploadRejected((unmapped.size() == 1 ? "field " : "fields ") + String.join(", ", unmapped)
                    + " of the file " + (unmapped.size() == 1 ? "is" : "are") + " not mapped by transformation '"
                    + mapping.resourceName() + "'; map " + (unmapped.size() == 1 ? "it" : "them")
                    + " or set metaData ignoreUnmappedFields to true");
        }
        if (mapped.isEmpty() && !fileHeader.isEmpty()) {
            throw new UploadRejected("none of the file's fields is mapped by transformation '" + mapping.resourceName()
                    + "'; its fields are "
                    + mapping.fields().stream().map(f -> "'" + f.path() + "'").toList());
        }
        this.positions = kept.stream().mapToInt(Integer::intValue).toArray();
        this.fields = mapped.toArray(ResourceMapping.MappedField[]::new);
        this.header =
                mapped.stream().map(ResourceMapping.MappedField::vendorPath).toList();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() throws IOException {
        SourceRow row = file.next();
        if (row == null) {
            return null;
        }
        String[] raw = row.values();
        String rejection = row.rejection();
        if (rejection == null && raw.length != fileFields) {
            rejection = "row has " + raw.length + " values; the header has " + fileFields;
        }
        String[] values = new String[positions.length];
        for (int k = 0; k < positions.length; k++) {
            String text = positions[k] < raw.length ? raw[positions[k]] : "";
            try {
                values[k] = fields[k].toColumnText(text);
            } catch (IllegalArgumentException e) {
                values[k] = text;
                if (rejection == null) {
                    rejection = "field '" + fields[k].path() + "' (column '" + fields[k].vendorPath() + "'): "
                            + e.getMessage();
                }
            }
        }
        return new SourceRow(row.rowNumber(), values, rejection);
    }

    @Override
    public long skip(long n) throws IOException {
        return file.skip(n);
    }

    /** Rows are mapped one to one: the file's point after a row is this reader's. */
    @Override
    public ResumePoint resumePoint() {
        return file.resumePoint();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
