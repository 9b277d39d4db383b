package dev.mssqlbulk.query;

/**
 * A query that cannot be run: malformed, or naming a field the object does not have. The message names the
 * offending token and its position, e.g. {@code unexpected 'wher' at position 23; expected where, order by, limit
 * or the end of the query}; it is meant to be shown to the caller as is.
 */
public class QuerySyntaxException extends RuntimeException {

    private final int position;

    /**
     * @param message  the complete message, already naming the position
     * @param position 1-based position (character column) in the query of the offending token
     */
    public QuerySyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /**
     * 1-based position (character column) in the query of the offending token; counted in UTF-16 chars, as Java and
     * JavaScript index strings. The end of the query is its length + 1.
     */
    public int position() {
        return position;
    }
}
