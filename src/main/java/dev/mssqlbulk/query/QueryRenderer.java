package dev.mssqlbulk.query;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.query.Condition.And;
import dev.mssqlbulk.query.Condition.Comparison;
import dev.mssqlbulk.query.Condition.In;
import dev.mssqlbulk.query.Condition.IsNull;
import dev.mssqlbulk.query.Condition.Like;
import dev.mssqlbulk.query.Condition.Not;
import dev.mssqlbulk.query.Condition.Or;
import dev.mssqlbulk.sqlserver.ServerLimits;
import dev.mssqlbulk.sqlserver.SqlNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders a {@link Query} as T-SQL for one {@link Table} (the caller has looked the table up from the catalog by
 * {@link Query#object()}, case-insensitively).
 *
 * <p>Nothing the caller wrote reaches the SQL text. Every field is resolved case-insensitively with
 * {@link Table#column(String)} and written as the catalog spells it, bracket-quoted with {@link SqlNames#quote};
 * the object is written as {@link Table#quotedName()}; every value, like pattern, limit, offset and page size is a
 * parameter {@code @p1, @p2, ...} numbered in the order it appears in the text. {@code *} is expanded to all of the
 * table's columns in ordinal order. An unknown field, a field selected twice, a field ordered by twice (SQL Server
 * rejects that) and ordering by a type SQL Server cannot sort (text, ntext, image, xml, geography, geometry) fail
 * with a {@link QuerySyntaxException} at the field's position.
 *
 * <p>Example: {@code select a, b from t where x = 'v' and y in (1, 2) order by a desc limit 10} renders as
 * {@code SELECT TOP (@p1) [a], [b] FROM [dbo].[t] WHERE ([x] = @p2 AND [y] IN (@p3, @p4)) ORDER BY [a] DESC}
 * with parameters {@code [10, "v", 1, 2]}.
 */
public final class QueryRenderer {

    /** Parameters a query's literals may take; a page's own come on top ({@link ServerLimits#PARAMETER_BUDGET}). */
    public static final int MAX_PARAMETERS = ServerLimits.PARAMETER_BUDGET;

    /** Types SQL Server cannot compare for ORDER BY. */
    private static final Set<String> UNSORTABLE = Set.of("text", "ntext", "image", "xml", "geography", "geometry");

    private static final Set<String> CHARACTER = Set.of("char", "varchar", "nchar", "nvarchar");

    private QueryRenderer() {}

    /**
     * The whole query: {@code SELECT [TOP (@pN)] columns FROM table [WHERE ...] [ORDER BY ...]}.
     *
     * @throws QuerySyntaxException     for an unknown field (and the other cases in the class documentation)
     * @throws IllegalArgumentException when the table is not the query's object
     */
    public static SqlQuery render(Query query, Table table) {
        Rendering r = new Rendering(query, table);
        List<Column> columns = r.selectedColumns();
        StringBuilder sql = new StringBuilder("SELECT ");
        if (query.limit() != null) {
            sql.append("TOP (")
                    .append(r.parameter(query.limit(), query.objectPosition()))
                    .append(") ");
        }
        sql.append(columnList(columns)).append(" FROM ").append(table.quotedName());
        r.appendWhere(sql);
        List<String> order = r.orderBy();
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        return new SqlQuery(sql.toString(), r.parameters, columns);
    }

    /**
     * One page of the query's rows for offset paging:
     * {@code SELECT columns FROM table [WHERE ...] ORDER BY ... OFFSET @pX ROWS FETCH NEXT @pY ROWS ONLY}.
     *
     * <p>The order is made total so that consecutive pages neither repeat nor skip rows (of data that does not
     * change between pages): the query's own order-by columns, then the primary-key columns not among them. Without
     * a primary key (a view, a heap) the tie-breakers are the selected columns not among the query's order-by
     * columns, character columns compared with a binary collation ({@code COLLATE Latin1_General_BIN2}) so that
     * values the column's collation calls equal ({@code 'a'} and {@code 'A'}) still have a fixed order. Rows that
     * tie on all of those are identical in every selected column, so whichever page gets which of them, the output
     * is the same. Not covered: unsortable columns (xml, text...), which are left out of the tie-breakers, and values
     * that compare equal but print differently even in binary collation (trailing spaces, datetimeoffset instants in
     * different offsets).
     *
     * <p>{@code limit} is not rendered as {@code TOP} (T-SQL does not combine it with {@code OFFSET}); instead the
     * page stops at it: the page's size is {@code min(pageSize, limit - offset)}, and when that is not positive the
     * result is empty, meaning there are no more pages. Without a limit the result is never empty; the caller stops
     * at the first page shorter than {@code pageSize}. Note that with a limit, the rows are the first {@code limit}
     * of the deterministic order above.
     *
     * @param offset   rows to skip, at least 0
     * @param pageSize rows per page, at least 1
     * @throws QuerySyntaxException     as {@link #render}, and when the table has no primary key and no selected or
     *                                  ordered-by column can be sorted (no deterministic order exists)
     * @throws IllegalArgumentException for a negative offset, a page size below 1 or a table that is not the
     *                                  query's object
     */
    public static Optional<SqlQuery> renderPage(Query query, Table table, long offset, int pageSize) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        Rendering r = new Rendering(query, table);
        List<Column> columns = r.selectedColumns();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columnList(columns))
                .append(" FROM ")
                .append(table.quotedName());
        r.appendWhere(sql);
        List<String> order = r.orderBy();
        List<Column> ordered = r.orderByColumns();
        if (!table.primaryKey().isEmpty()) {
            table.primaryKey().stream()
                    .filter(c -> !ordered.contains(c))
                    .forEach(c -> order.add(SqlNames.quote(c.name())));
        } else {
            columns.stream()
                    .filter(c -> !ordered.contains(c) && !UNSORTABLE.contains(c.dataType()))
                    .forEach(c -> order.add(SqlNames.quote(c.name())
                            + (CHARACTER.contains(c.dataType()) ? " COLLATE Latin1_General_BIN2" : "")));
        }
        if (order.isEmpty()) {
            throw new QuerySyntaxException(
                    "cannot page through '" + query.object() + "' at position " + query.objectPosition()
                            + ": it has no primary key and none of the selected fields can be sorted",
                    query.objectPosition());
        }
        long size = pageSize;
        if (query.limit() != null) {
            size = Math.min(size, query.limit() - offset);
            if (size <= 0) {
                return Optional.empty();
            }
        }
        sql.append(" ORDER BY ").append(String.join(", ", order));
        sql.append(" OFFSET ")
                .append(r.parameter(offset, query.objectPosition()))
                .append(" ROWS FETCH NEXT ")
                .append(r.parameter(size, query.objectPosition()))
                .append(" ROWS ONLY");
        return Optional.of(new SqlQuery(sql.toString(), r.parameters, columns));
    }

    /**
     * Whether pages can be read by key instead of by offset: the query has no order of its own, and the table's
     * primary key is among the selected columns (so each page tells where the next one starts).
     */
    public static boolean pagesByKey(Query query, Table table) {
        List<Column> primaryKey = table.primaryKey();
        return query.orderBy().isEmpty()
                && !primaryKey.isEmpty()
                && new Rendering(query, table).selectedColumns().containsAll(primaryKey);
    }

    /**
     * The page after the row whose primary key is {@code afterKey} (null for the first page), in primary-key order:
     * {@code WHERE (<where>) AND ([k1] > @a OR ([k1] = @a AND [k2] > @b))}, so a page costs the same wherever it
     * is. Only when {@link #pagesByKey} holds.
     *
     * @param afterKey  the key values of the last row read, in primary-key column order; null for the first page
     * @param rowsSoFar rows read so far, to stop at the query's limit
     */
    public static Optional<SqlQuery> renderKeyPage(
            Query query, Table table, List<Object> afterKey, long rowsSoFar, int pageSize) {
        if (!pagesByKey(query, table)) {
            throw new IllegalArgumentException("the query cannot be paged by key");
        }
        long size = query.limit() == null ? pageSize : Math.min(pageSize, query.limit() - rowsSoFar);
        if (size <= 0) {
            return Optional.empty();
        }
        Rendering r = new Rendering(query, table);
        List<Column> columns = r.selectedColumns();
        List<Column> key = table.primaryKey();
        StringBuilder sql = new StringBuilder("SELECT TOP (")
                .append(r.parameter(size, query.objectPosition()))
                .append(") ")
                .append(columnList(columns))
                .append(" FROM ")
                .append(table.quotedName());
        List<String> filters = new ArrayList<>();
        if (query.where() != null) {
            filters.add("(" + r.condition(query.where()) + ")");
        }
        if (afterKey != null) {
            List<String> alternatives = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                List<String> terms = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    terms.add(SqlNames.quote(key.get(j).name()) + " = "
                            + r.parameter(afterKey.get(j), query.objectPosition()));
                }
                terms.add(SqlNames.quote(key.get(i).name()) + " > "
                        + r.parameter(afterKey.get(i), query.objectPosition()));
                alternatives.add("(" + String.join(" AND ", terms) + ")");
            }
            filters.add("(" + String.join(" OR ", alternatives) + ")");
        }
        if (!filters.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", filters));
        }
        sql.append(" ORDER BY ")
                .append(key.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", ")));
        return Optional.of(new SqlQuery(sql.toString(), r.parameters, columns));
    }

    private static String columnList(List<Column> columns) {
        return columns.stream().map(c -> SqlNames.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** State of one rendering: the table and the parameters so far. */
    private static final class Rendering {

        private final Query query;
        private final Table table;
        private final List<Object> parameters = new ArrayList<>();

        Rendering(Query query, Table table) {
            if (!table.name().equalsIgnoreCase(query.object())) {
                throw new IllegalArgumentException(
                        "the query is on '" + query.object() + "', not on '" + table.name() + "'");
            }
            this.query = query;
            this.table = table;
        }

        List<Column> selectedColumns() {
            if (query.selectsAll()) {
                return table.columns().stream()
                        .sorted(Comparator.comparingInt(Column::ordinal))
                        .toList();
            }
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < query.fields().size(); i++) {
                int position = query.fieldPositions().get(i);
                Column column = column(query.fields().get(i), position);
                if (columns.contains(column)) {
                    throw new QuerySyntaxException(
                            "field '" + query.fields().get(i) + "' at position " + position + " is already selected",
                            position);
                }
                columns.add(column);
            }
            return columns;
        }

        void appendWhere(StringBuilder sql) {
            if (query.where() != null) {
                sql.append(" WHERE ").append(condition(query.where()));
            }
        }

        /** The query's own order-by items, rendered; a mutable list. */
        List<String> orderBy() {
            List<String> items = new ArrayList<>();
            List<Column> seen = new ArrayList<>();
            for (OrderBy item : query.orderBy()) {
                Column column = column(item.field(), item.position());
                if (UNSORTABLE.contains(column.dataType())) {
                    throw new QuerySyntaxException(
                            "cannot order by '" + item.field() + "' at position " + item.position()
                                    + ": SQL Server cannot sort its type " + column.dataType(),
                            item.position());
                }
                if (seen.contains(column)) {
                    throw new QuerySyntaxException(
                            "field '" + item.field() + "' at position " + item.position() + " is already in order by",
                            item.position());
                }
                seen.add(column);
                items.add(SqlNames.quote(column.name()) + (item.descending() ? " DESC" : ""));
            }
            return items;
        }

        List<Column> orderByColumns() {
            return query.orderBy().stream()
                    .map(o -> column(o.field(), o.position()))
                    .toList();
        }

        private String condition(Condition condition) {
            // Java 17: no pattern matching in switch; the interface is sealed, so the last branch is unreachable.
            if (condition instanceof And and) {
                return join(and.conditions(), " AND ");
            }
            if (condition instanceof Or or) {
                return join(or.conditions(), " OR ");
            }
            if (condition instanceof Not not) {
                Condition inner = not.condition();
                return "NOT "
                        + (inner instanceof And || inner instanceof Or
                                ? condition(inner)
                                : "(" + condition(inner) + ")");
            }
            if (condition instanceof Comparison c) {
                return field(c.field(), c.position()) + " " + ("!=".equals(c.operator()) ? "<>" : c.operator()) + " "
                        + parameter(c.value(), c.position());
            }
            if (condition instanceof In in) {
                String field = field(in.field(), in.position());
                List<String> values = new ArrayList<>();
                for (Object value : in.values()) {
                    values.add(parameter(value, in.position()));
                }
                return field + (in.negated() ? " NOT IN (" : " IN (") + String.join(", ", values) + ")";
            }
            if (condition instanceof IsNull n) {
                return field(n.field(), n.position()) + (n.negated() ? " IS NOT NULL" : " IS NULL");
            }
            if (condition instanceof Like like) {
                return field(like.field(), like.position())
                        + (like.negated() ? " NOT LIKE " : " LIKE ")
                        + parameter(like.pattern(), like.position());
            }
            throw new IllegalStateException("unknown condition " + condition);
        }

        private String join(List<Condition> conditions, String operator) {
            return conditions.stream().map(this::condition).collect(Collectors.joining(operator, "(", ")"));
        }

        private String field(String name, int position) {
            return SqlNames.quote(column(name, position).name());
        }

        private Column column(String name, int position) {
            return table.column(name)
                    .orElseThrow(() -> new QuerySyntaxException(
                            "unknown field '" + name + "' at position " + position + "; '" + table.name()
                                    + "' has no such column",
                            position));
        }

        /** Adds a parameter and returns its placeholder; {@code position} is blamed when there are too many. */
        String parameter(Object value, int position) {
            if (parameters.size() == MAX_PARAMETERS) {
                throw new QuerySyntaxException(
                        "too many values at position " + position + ": SQL Server accepts at" + " most "
                                + MAX_PARAMETERS + " parameters in one statement",
                        position);
            }
            parameters.add(value);
            return "@p" + parameters.size();
        }
    }
}
