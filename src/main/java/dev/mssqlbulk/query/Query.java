package dev.mssqlbulk.query;

import java.util.List;

/**
 * A parsed query. Names are as the caller wrote them (quotes removed); they are resolved against the catalog only
 * when rendered, so positions are kept to report unknown names.
 *
 * @param fields         the selected fields in order; empty for {@code *}
 * @param object         the object (table or view) name
 * @param where          the condition, or null when there is none
 * @param orderBy        the order-by items in order; empty when there are none
 * @param limit          the maximum number of rows (positive), or null
 * @param fieldPositions 1-based position of each entry of {@code fields}
 * @param objectPosition 1-based position of the object name
 */
public record Query(
        List<String> fields,
        String object,
        Condition where,
        List<OrderBy> orderBy,
        Long limit,
        List<Integer> fieldPositions,
        int objectPosition) {

    public Query {
        fields = List.copyOf(fields);
        orderBy = List.copyOf(orderBy);
        fieldPositions = List.copyOf(fieldPositions);
        if (fields.size() != fieldPositions.size()) {
            throw new IllegalArgumentException("one position per field expected");
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** Whether the query selects {@code *}. */
    public boolean selectsAll() {
        return fields.isEmpty();
    }
}
