package dev.mssqlbulk.emulator.sql;

import java.util.Locale;

/** A lexical token of T-SQL. For QUOTED and STRING, value is the unquoted content. */
public record Token(Kind kind, String text, String value) {
    public enum Kind {
        WORD,
        QUOTED,
        STRING,
        NSTRING,
        NUMBER,
        BINARY,
        VARIABLE,
        SYSVAR,
        SYMBOL,
        WS,
        COMMENT
    }

    public static Token of(Kind kind, String text) {
        return new Token(kind, text, text);
    }

    public static Token word(String text) {
        return new Token(Kind.WORD, text, text);
    }

    public static Token symbol(String text) {
        return new Token(Kind.SYMBOL, text, text);
    }

    public static Token raw(String text) {
        return new Token(Kind.WORD, text, text);
    }

    public boolean significant() {
        return kind != Kind.WS && kind != Kind.COMMENT;
    }

    /** Upper-cased word, or "" for non-words. */
    public String keyword() {
        return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    public boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isSymbol(String s) {
        return kind == Kind.SYMBOL && text.equals(s);
    }

    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    /** Identifier name without brackets or quotes. */
    public String name() {
        return kind == Kind.QUOTED ? value : text;
    }

    public boolean hasNewline() {
        return (kind == Kind.WS || kind == Kind.COMMENT) && (text.indexOf('\n') >= 0 || text.startsWith("--"));
    }
}
