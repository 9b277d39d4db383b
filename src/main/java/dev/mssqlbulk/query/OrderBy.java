package dev.mssqlbulk.query;

/**
 * One item of {@code order by}.
 *
 * @param position 1-based position of the field name in the query
 */
public record OrderBy(String field, boolean descending, int position) {}
