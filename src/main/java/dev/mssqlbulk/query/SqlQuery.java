package dev.mssqlbulk.query;

import dev.mssqlbulk.catalog.Column;
import java.util.List;

/**
 * A rendered query, ready for a prepared statement.
 *
 * @param sql        T-SQL with parameters {@code @p1, @p2, ...}
 * @param parameters the parameter values in order: {@code parameters.get(0)} is {@code @p1}; each a String, Long,
 *                   BigDecimal or Boolean (never null)
 * @param columns    the selected columns in the order of the result set
 */
public record SqlQuery(String sql, List<Object> parameters, List<Column> columns) {

    public SqlQuery {
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }
}
