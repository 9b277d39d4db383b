package dev.mssqlbulk.query;

/**
 * One token of a query.
 *
 * @param kind     what the token is
 * @param text     the token as written in the query (with quotes, escapes and sign)
 * @param value    what it means: an identifier's or string's content with quotes removed and escapes resolved;
 *                 the text for every other kind
 * @param position 1-based position (character column) of the token's first character
 */
public record Token(Kind kind, String text, String value, int position) {

    public enum Kind {
        /** A bare word: an identifier or a keyword (keywords are recognised by the parser, case-insensitively). */
        WORD,
        /** A bracketed {@code [x]} or double-quoted {@code "x"} identifier; never a keyword. */
        QUOTED_IDENTIFIER,
        STRING,
        INTEGER,
        DECIMAL,
        /** One of {@code = != <> < <= > >=}. */
        OPERATOR,
        COMMA,
        LEFT_PAREN,
        RIGHT_PAREN,
        STAR,
        /** After the last token; its position is the query's length + 1. */
        END
    }

    /** Whether this is the bare word {@code keyword}, in any case. */
    public boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** How an error message names this token: {@code 'wher'}, {@code string 'x'}, {@code end of the query}. */
    String describe() {
        return switch (kind) {
            case END -> "end of the query";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}
