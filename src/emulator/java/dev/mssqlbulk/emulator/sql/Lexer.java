package dev.mssqlbulk.emulator.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits T-SQL text into tokens; string literals, bracket identifiers and comments are kept whole. */
public final class Lexer {
    private Lexer() {}

    public static List<Token> lex(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                out.add(Token.of(Token.Kind.WS, sql.substring(start, i)));
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                out.add(Token.of(Token.Kind.COMMENT, sql.substring(start, i)));
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                out.add(Token.of(Token.Kind.COMMENT, sql.substring(start, Math.min(i, n))));
            } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean national = c != '\'';
                StringBuilder v = new StringBuilder();
                i = readDelimited(sql, i + (national ? 2 : 1), '\'', v);
                out.add(new Token(
                        national ? Token.Kind.NSTRING : Token.Kind.STRING, sql.substring(start, i), v.toString()));
            } else if (c == '[' || c == '"') {
                StringBuilder v = new StringBuilder();
                i = readDelimited(sql, i + 1, c == '[' ? ']' : '"', v);
                out.add(new Token(Token.Kind.QUOTED, sql.substring(start, i), v.toString()));
            } else if (c == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
                i += 2;
                while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                    i++;
                }
                out.add(new Token(Token.Kind.BINARY, sql.substring(start, i), sql.substring(start + 2, i)));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && Character.isDigit(sql.charAt(j))) {
                        i = j;
                        while (i < n && Character.isDigit(sql.charAt(i))) {
                            i++;
                        }
                    }
                }
                out.add(Token.of(Token.Kind.NUMBER, sql.substring(start, i)));
            } else if (c == '@') {
                boolean sys = i + 1 < n && sql.charAt(i + 1) == '@';
                i += sys ? 2 : 1;
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                out.add(Token.of(sys ? Token.Kind.SYSVAR : Token.Kind.VARIABLE, sql.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == '#') {
                while (i < n && isWordPart(sql.charAt(i))) {
                    i++;
                }
                out.add(Token.word(sql.substring(start, i)));
            } else {
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (two.equals("<=")
                        || two.equals(">=")
                        || two.equals("<>")
                        || two.equals("!=")
                        || two.equals("!<")
                        || two.equals("!>")
                        || two.equals("||")
                        || two.equals("+=")
                        || two.equals("-=")
                        || two.equals("::")) {
                    i += 2;
                } else {
                    i++;
                }
                out.add(Token.symbol(sql.substring(start, i)));
            }
        }
        return out;
    }

    /**
     * Reads the content of a string literal or delimited identifier from i (just past its opening) up to close, a
     * doubled close standing for one; appends the content to value and returns the index after the close.
     */
    private static int readDelimited(String sql, int i, char close, StringBuilder value) {
        int n = sql.length();
        while (i < n) {
            char d = sql.charAt(i);
            if (d == close) {
                if (i + 1 < n && sql.charAt(i + 1) == close) {
                    value.append(close);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            value.append(d);
            i++;
        }
        return i;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
    }

    public static String render(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.text());
        }
        return sb.toString();
    }

    /** Tokens without leading and trailing whitespace/comments. */
    public static List<Token> trim(List<Token> tokens) {
        int a = 0;
        int b = tokens.size();
        while (a < b && !tokens.get(a).significant()) {
            a++;
        }
        while (b > a && !tokens.get(b - 1).significant()) {
            b--;
        }
        return new ArrayList<>(tokens.subList(a, b));
    }

    /** Only the significant tokens. */
    public static List<Token> significant(List<Token> tokens) {
        List<Token> out = new ArrayList<>();
        for (Token t : tokens) {
            if (t.significant()) {
                out.add(t);
            }
        }
        return out;
    }
}
