package dev.mssqlbulk.query;

import dev.mssqlbulk.query.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a query into {@link Token}s; the last one is always {@link Kind#END}. */
public final class QueryLexer {

    private final String query;
    private int index;

    private QueryLexer(String query) {
        this.query = query;
    }

    /** @throws QuerySyntaxException on an unterminated string or identifier, a malformed number or a stray character */
    public static List<Token> tokenize(String query) {
        return new QueryLexer(query).tokens();
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (index < query.length() && Character.isWhitespace(query.charAt(index))) {
                index++;
            }
            if (index >= query.length()) {
                tokens.add(new Token(Kind.END, "", "", query.length() + 1));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = index;
        char c = query.charAt(index);
        if (isWordStart(c)) {
            while (index < query.length() && isWordPart(query.charAt(index))) {
                index++;
            }
            String word = query.substring(start, index);
            return new Token(Kind.WORD, word, word, start + 1);
        }
        if (isDigit(c) || (c == '-' && index + 1 < query.length() && isDigit(query.charAt(index + 1)))) {
            return number(start);
        }
        return switch (c) {
            case '\'' -> quoted(start, '\'', '\'', Kind.STRING, "string");
            case '[' -> quoted(start, '[', ']', Kind.QUOTED_IDENTIFIER, "identifier");
            case '"' -> quoted(start, '"', '"', Kind.QUOTED_IDENTIFIER, "identifier");
            case ',' -> single(Kind.COMMA);
            case '(' -> single(Kind.LEFT_PAREN);
            case ')' -> single(Kind.RIGHT_PAREN);
            case '*' -> single(Kind.STAR);
            case '=' -> single(Kind.OPERATOR);
            case '<' -> operator(start, peekIs(1, '=') || peekIs(1, '>') ? 2 : 1);
            case '>' -> operator(start, peekIs(1, '=') ? 2 : 1);
            case '!' -> {
                if (!peekIs(1, '=')) {
                    throw new QuerySyntaxException(
                            "unexpected character '!' at position " + (start + 1) + "; did you mean '!='?", start + 1);
                }
                yield operator(start, 2);
            }
            default -> {
                String character = new String(Character.toChars(query.codePointAt(index)));
                throw new QuerySyntaxException(
                        "unexpected character '" + character + "' at position " + (start + 1), start + 1);
            }
        };
    }

    private Token single(Kind kind) {
        index++;
        String text = query.substring(index - 1, index);
        return new Token(kind, text, text, index);
    }

    private Token operator(int start, int length) {
        index = start + length;
        String text = query.substring(start, index);
        return new Token(Kind.OPERATOR, text, text, start + 1);
    }

    /** {@code -?digits[.digits]}, not directly followed by a letter, digit, underscore or dot. */
    private Token number(int start) {
        if (query.charAt(index) == '-') {
            index++;
        }
        skipDigits();
        Kind kind = Kind.INTEGER;
        if (peekIs(0, '.') && index + 1 < query.length() && isDigit(query.charAt(index + 1))) {
            index++;
            skipDigits();
            kind = Kind.DECIMAL;
        }
        if (index < query.length() && (isWordPart(query.charAt(index)) || query.charAt(index) == '.')) {
            while (index < query.length() && (isWordPart(query.charAt(index)) || query.charAt(index) == '.')) {
                index++;
            }
            throw new QuerySyntaxException(
                    "malformed number '" + query.substring(start, index) + "' at position " + (start + 1), start + 1);
        }
        String text = query.substring(start, index);
        return new Token(kind, text, text, start + 1);
    }

    /** A string or quoted identifier; a doubled closing character inside stands for one. */
    private Token quoted(int start, char open, char close, Kind kind, String what) {
        StringBuilder value = new StringBuilder();
        index++;
        while (true) {
            if (index >= query.length()) {
                throw new QuerySyntaxException(
                        "unterminated " + what + " starting at position " + (start + 1) + "; expected a closing "
                                + close,
                        start + 1);
            }
            char c = query.charAt(index++);
            if (c == close) {
                if (peekIs(0, close)) {
                    value.append(close);
                    index++;
                    continue;
                }
                break;
            }
            value.append(c);
        }
        String text = query.substring(start, index);
        if (kind == Kind.QUOTED_IDENTIFIER && value.toString().isBlank()) {
            throw new QuerySyntaxException("empty identifier " + text + " at position " + (start + 1), start + 1);
        }
        return new Token(kind, text, value.toString(), start + 1);
    }

    private void skipDigits() {
        while (index < query.length() && isDigit(query.charAt(index))) {
            index++;
        }
    }

    private boolean peekIs(int ahead, char c) {
        return index + ahead < query.length() && query.charAt(index + ahead) == c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
