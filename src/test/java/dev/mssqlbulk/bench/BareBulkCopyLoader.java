package dev.mssqlbulk.bench;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The reference the service's load speed is judged against (issue 15, ratio 1.0): what a competent developer would
 * write by hand to load a CSV into SQL Server. FastCSV reads the file, every value is parsed into its Java type
 * (so a bad value would fail here, as it would in the service), and {@code SQLServerBulkCopy} writes batches of
 * 10,000 rows over one JDBC connection, each batch a bulk load committed on its own (auto-commit).
 *
 * <p>It is meant to be fast, not a strawman: rows stream from the parser straight into the driver (no list of a
 * batch is kept), the table's column types are read once per load, the driver's bulk-copy metadata cache is on, and
 * the copy options are the service's (CHECK constraints, triggers, KEEP_NULLS, row locks), so both ask the server
 * for the same work. What it does not do is what the service must: staging the upload, per-row errors,
 * exactly-once checkpoints, status.
 *
 * <p>Run once: {@code BareBulkCopyLoader <jdbcUrl> <user> <password> <table> <csv> [batchRows]}. With
 * {@code --serve} as the first argument (and no csv) it stays up (a warm JVM, as the service is) and loads once per
 * line {@code load <csv>} on stdin, answering {@code loaded <rows> <nanos>}; the benchmark drives it that way.
 */
public final class BareBulkCopyLoader {

    static final int BATCH_ROWS = 10_000;

    private final String jdbcUrl;
    private final Properties properties;
    private final String table;
    private final int batchRows;

    BareBulkCopyLoader(String jdbcUrl, String user, String password, String table, int batchRows) {
        this.jdbcUrl = jdbcUrl;
        this.table = table;
        this.batchRows = batchRows;
        this.properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("encrypt", "false");
        // as the service: temporal values go as typed TDS values, and the INSERT BULK metadata is asked once
        properties.setProperty("sendTemporalDataTypesAsStringForBulkCopy", "false");
        properties.setProperty("cacheBulkCopyMetadata", "true");
    }

    /** One column of the target: how it is announced to the driver and how a CSV field becomes its value. */
    private record Target(String name, int jdbcType, int precision, int scale, Function<String, Object> parse) {}

    /** Loads the whole file; returns the number of rows copied. */
    long load(Path csv) throws SQLException, java.io.IOException {
        try (Connection connection = new SQLServerDriver().connect(jdbcUrl, properties);
                CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            Iterator<CsvRecord> records = reader.iterator();
            List<String> header = records.next().getFields();
            List<Target> targets = targets(connection, header);
            SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
            options.setCheckConstraints(true);
            options.setFireTriggers(true);
            options.setKeepNulls(true);
            options.setTableLock(false);
            options.setBatchSize(0);
            options.setBulkCopyTimeout(600);
            long rows = 0;
            while (records.hasNext()) {
                Batch batch = new Batch(records, targets, batchRows);
                try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection)) {
                    copy.setBulkCopyOptions(options);
                    copy.setDestinationTableName(table);
                    for (int i = 0; i < targets.size(); i++) {
                        copy.addColumnMapping(i + 1, targets.get(i).name);
                    }
                    copy.writeToServer(batch);
                }
                rows += batch.count;
            }
            return rows;
        }
    }

    /** The file's columns, typed by the table's own metadata (one query per load). */
    private List<Target> targets(Connection connection, List<String> header) throws SQLException {
        List<Target> targets = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT TOP 0 * FROM " + table)) {
            ResultSetMetaData meta = empty.getMetaData();
            for (String name : header) {
                int column = -1;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    if (meta.getColumnName(i).equalsIgnoreCase(name.trim())) {
                        column = i;
                    }
                }
                if (column < 0) {
                    throw new IllegalArgumentException("no column " + name + " in " + table);
                }
                targets.add(target(
                        meta.getColumnName(column),
                        meta.getColumnTypeName(column).toLowerCase(Locale.ROOT),
                        meta.getPrecision(column),
                        meta.getScale(column)));
            }
        }
        return targets;
    }

    private static Target target(String name, String type, int precision, int scale) {
        return switch (type) {
            case "int" -> new Target(name, Types.INTEGER, 10, 0, Integer::valueOf);
            case "bigint" -> new Target(name, Types.BIGINT, 19, 0, Long::valueOf);
            case "nvarchar", "varchar" -> new Target(name, Types.NVARCHAR, precision, 0, s -> s);
            case "decimal", "numeric" -> new Target(name, Types.DECIMAL, precision, scale, BigDecimal::new);
            case "float" -> new Target(name, Types.DOUBLE, 15, 0, Double::valueOf);
            case "bit" -> new Target(name, Types.BIT, 1, 0, s -> s.equals("1") || s.equalsIgnoreCase("true"));
            // parsed to validate it; the driver is handed ISO text, as the service hands it
            case "date" ->
                new Target(name, Types.DATE, 10, 0, s -> LocalDate.parse(s).toString());
            case "datetime2" ->
                new Target(name, Types.TIMESTAMP, 27, scale, s -> Timestamp.valueOf(LocalDateTime.parse(s)));
            case "uniqueidentifier" ->
                new Target(
                        name,
                        microsoft.sql.Types.GUID,
                        36,
                        0,
                        s -> UUID.fromString(s).toString());
            default -> throw new IllegalArgumentException("the bare loader does not carry " + type + " (" + name + ")");
        };
    }

    /** Up to {@code limit} rows straight from the parser, each converted when the driver asks for it. */
    private static final class Batch implements ISQLServerBulkData {

        private final Iterator<CsvRecord> records;
        private final List<Target> targets;
        private final int limit;
        private final Object[] row;
        int count;

        Batch(Iterator<CsvRecord> records, List<Target> targets, int limit) {
            this.records = records;
            this.targets = targets;
            this.limit = limit;
            this.row = new Object[targets.size()];
        }

        @Override
        public Set<Integer> getColumnOrdinals() {
            Set<Integer> ordinals = new LinkedHashSet<>();
            for (int i = 1; i <= targets.size(); i++) {
                ordinals.add(i);
            }
            return ordinals;
        }

        @Override
        public String getColumnName(int column) {
            return targets.get(column - 1).name;
        }

        @Override
        public int getColumnType(int column) {
            return targets.get(column - 1).jdbcType;
        }

        @Override
        public int getPrecision(int column) {
            return targets.get(column - 1).precision;
        }

        @Override
        public int getScale(int column) {
            return targets.get(column - 1).scale;
        }

        @Override
        public boolean next() {
            if (count == limit || !records.hasNext()) {
                return false;
            }
            CsvRecord record = records.next();
            for (int i = 0; i < row.length; i++) {
                String field = i < record.getFieldCount() ? record.getField(i) : "";
                row[i] = field.isEmpty() ? null : targets.get(i).parse.apply(field);
            }
            count++;
            return true;
        }

        @Override
        public Object[] getRowData() {
            return row;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean serve = args.length > 0 && args[0].equals("--serve");
        int at = serve ? 1 : 0;
        int batchArg = serve ? at + 4 : at + 5;
        BareBulkCopyLoader loader = new BareBulkCopyLoader(
                args[at],
                args[at + 1],
                args[at + 2],
                args[at + 3],
                args.length > batchArg ? Integer.parseInt(args[batchArg]) : BATCH_ROWS);
        if (!serve) {
            long started = System.nanoTime();
            long rows = loader.load(Path.of(args[at + 4]));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %,d rows in %.2f s: %,.0f rows/s%n", rows, seconds, rows / seconds);
            return;
        }
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && command.startsWith("load ")) {
            long started = System.nanoTime();
            long rows = loader.load(Path.of(command.substring(5)));
            System.out.println("loaded " + rows + " " + (System.nanoTime() - started));
            System.out.flush();
        }
    }
}
