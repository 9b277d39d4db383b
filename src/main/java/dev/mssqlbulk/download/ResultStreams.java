package dev.mssqlbulk.download;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mssqlbulk.download.ResultFile.ResultColumn;
import dev.mssqlbulk.sqlserver.ResultValues;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result file streamed for download, a page of rows at a time on a worker thread: as CSV text with a header row,
 * or as JSON objects with typed values, which the HTTP layer frames as a JSON array or as JSON Lines.
 */
public final class ResultStreams {

    private static final int PAGE = 1000;

    private ResultStreams() {}

    /**
     * The rows of a result file as JSON objects with their types (numbers, booleans, null), a page at a time on a
     * worker thread.
     */
    public static Multi<ObjectNode> objects(Source file) {
        return Multi.createFrom()
                .<ResultFile.Reader, ObjectNode>resource(
                        () -> open(file),
                        reader -> Multi.createBy()
                                .repeating()
                                .uni(() -> Uni.createFrom().item(() -> readPage(reader)))
                                .until(List::isEmpty)
                                .onItem()
                                .transformToIterable(page -> page.stream()
                                        .map(row -> object(reader.columns(), row))
                                        .toList()))
                .withFinalizer(ResultStreams::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static ObjectNode object(List<ResultColumn> columns, List<String> row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn column = columns.get(i);
            String value = row.get(i);
            if (value == null) {
                node.putNull(column.name());
            } else if (ResultValues.isNumber(column.type())) {
                node.put(column.name(), new java.math.BigDecimal(value));
            } else if (ResultValues.isBoolean(column.type())) {
                node.put(column.name(), Boolean.parseBoolean(value));
            } else {
                node.put(column.name(), value);
            }
        }
        return node;
    }

    /** The result file as CSV text: the header row, then a chunk per page of rows. */
    public static Multi<String> csv(Source file) {
        return Multi.createFrom()
                .<ResultFile.Reader, String>resource(() -> open(file), reader -> {
                    Multi<String> pages = Multi.createBy()
                            .repeating()
                            .uni(() -> Uni.createFrom().item(() -> readPage(reader)))
                            .until(List::isEmpty)
                            .map(CsvText::of);
                    String header = CsvText.of(List.of(
                            reader.columns().stream().map(ResultColumn::name).toList()));
                    return Multi.createBy()
                            .concatenating()
                            .streams(Multi.createFrom().item(header), pages);
                })
                .withFinalizer(ResultStreams::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Where a result file's bytes come from: the staging store, asked on the worker that reads. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private static ResultFile.Reader open(Source file) {
        try {
            return new ResultFile.Reader(file.open());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<String>> readPage(ResultFile.Reader reader) {
        try {
            List<List<String>> page = new ArrayList<>(PAGE);
            List<String> row;
            while (page.size() < PAGE && (row = reader.next()) != null) {
                page.add(row);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(ResultFile.Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing more to read
        }
    }
}
