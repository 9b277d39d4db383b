package dev.mssqlbulk.emulator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Rewrites one T-SQL statement (significant tokens) into H2 SQL: parameters to '?', brackets to double quotes,
 * N'..' to '..', built-in functions and @@variables, INFORMATION_SCHEMA and sys to the emulator's views, table hints
 * and OPTION clauses dropped, CONVERT to CAST, COUNT to int.
 */
public final class Rewriter {
    public static final String VERSION =
            "Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) (mssql-bulk TDS emulator on H2)";

    /** What the rewriter needs to know about the session. */
    public interface Context {
        /** 0-based index of a parameter value by its lower-case name (with '@'), or null. */
        Integer parameter(String name);

        String database();

        long rowCount();

        int tranCount();

        int spid();

        /** What {@code @@VERSION} answers. */
        default String version() {
            return VERSION;
        }
    }

    public record Result(String sql, List<Integer> parameters) {}

    private static final Set<String> HINTS = Set.of(
            "HOLDLOCK",
            "ROWLOCK",
            "NOLOCK",
            "UPDLOCK",
            "READPAST",
            "TABLOCK",
            "TABLOCKX",
            "PAGLOCK",
            "XLOCK",
            "SERIALIZABLE",
            "READCOMMITTED",
            "READUNCOMMITTED",
            "REPEATABLEREAD",
            "NOWAIT",
            "READCOMMITTEDLOCK",
            "FORCESEEK",
            "FORCESCAN",
            "NOEXPAND");

    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("NEWID", "RANDOM_UUID"),
            Map.entry("NEWSEQUENTIALID", "RANDOM_UUID"),
            Map.entry("SYSUTCDATETIME", "EMU_SYSUTCDATETIME"),
            Map.entry("GETUTCDATE", "EMU_SYSUTCDATETIME"),
            Map.entry("SYSDATETIME", "EMU_SYSDATETIME"),
            Map.entry("SYSDATETIMEOFFSET", "EMU_SYSDATETIMEOFFSET"),
            Map.entry("DB_NAME", "EMU_DB_NAME"),
            Map.entry("OBJECT_ID", "EMU_OBJECT_ID_OF"),
            Map.entry("COUNT_BIG", "COUNT"),
            Map.entry("SERVERPROPERTY", "EMU_SERVERPROPERTY"),
            Map.entry("SCHEMA_NAME", "EMU_SCHEMA_NAME"));

    private Rewriter() {}

    public static Result rewrite(List<Token> statement, Context ctx) throws SqlServerError {
        List<Token> t = prepare(Lexer.significant(statement), ctx);
        List<Integer> params = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            Token next = i + 1 < t.size() ? t.get(i + 1) : null;
            switch (tok.kind()) {
                case QUOTED:
                    parts.add(quote(tok.value()));
                    break;
                case NSTRING:
                case STRING:
                    parts.add("'" + tok.value().replace("'", "''") + "'");
                    break;
                case BINARY:
                    parts.add("X'" + tok.value() + "'");
                    break;
                case VARIABLE: {
                    Integer idx = ctx.parameter(tok.text().toLowerCase(Locale.ROOT));
                    if (idx == null) {
                        throw new SqlServerError(
                                137, 2, 15, "Must declare the scalar variable \"" + tok.text() + "\".");
                    }
                    params.add(idx);
                    parts.add("?");
                    break;
                }
                case SYSVAR:
                    parts.add(systemVariable(tok.text(), ctx));
                    break;
                case WORD: {
                    String kw = tok.keyword();
                    if (next != null && next.isSymbol("(") && FUNCTIONS.containsKey(kw)) {
                        parts.add(FUNCTIONS.get(kw));
                    } else if (kw.equals("SCOPE_IDENTITY") || kw.equals("IDENT_CURRENT")) {
                        parts.add(tok.text());
                    } else {
                        parts.add(tok.text());
                    }
                    break;
                }
                default:
                    parts.add(tok.text());
            }
        }
        return new Result(join(parts), params);
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Joins rendered tokens with single spaces, except around '.', after '(' and before ')' or ','. */
    static String join(List<String> parts) {
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String p : parts) {
            if (prev != null) {
                boolean noSpace = prev.equals(".")
                        || prev.equals("(")
                        || p.equals(".")
                        || p.equals(")")
                        || p.equals(",")
                        || (p.equals("(") && isWordLike(prev));
                if (!noSpace) {
                    sb.append(' ');
                }
            }
            sb.append(p);
            prev = p;
        }
        return sb.toString();
    }

    private static boolean isWordLike(String s) {
        char c = s.charAt(s.length() - 1);
        return Character.isLetterOrDigit(c) || c == '_' || c == '"';
    }

    private static String systemVariable(String name, Context ctx) {
        switch (name.toUpperCase(Locale.ROOT)) {
            case "@@VERSION":
                return "'" + ctx.version().replace("'", "''") + "'";
            case "@@ROWCOUNT":
                return "CAST(" + ctx.rowCount() + " AS INT)";
            case "@@TRANCOUNT":
                return "CAST(" + ctx.tranCount() + " AS INT)";
            case "@@SPID":
                return "CAST(" + ctx.spid() + " AS SMALLINT)";
            case "@@SERVERNAME":
                return "'MSSQL-EMULATOR'";
            case "@@SERVICENAME":
                return "'MSSQLSERVER'";
            case "@@IDENTITY":
                return "SCOPE_IDENTITY()";
            case "@@LANGUAGE":
                return "'us_english'";
            case "@@MAX_PRECISION":
                return "CAST(38 AS TINYINT)";
            default:
                return "CAST(0 AS INT)";
        }
    }

    /** Token-level rewrites that change the token list itself. */
    static List<Token> prepare(List<Token> in, Context ctx) {
        List<Token> t = new ArrayList<>(in);
        // table hints WITH (...), OPTION (...), COLLATE name
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if ((tok.is("WITH") || tok.is("OPTION"))
                    && i + 1 < t.size()
                    && t.get(i + 1).isSymbol("(")) {
                int close = matchParen(t, i + 1);
                if (close > 0 && (tok.is("OPTION") || onlyHints(t, i + 2, close))) {
                    t.subList(i, close + 1).clear();
                    i--;
                    continue;
                }
            }
            if (tok.is("COLLATE") && i + 1 < t.size()) {
                t.subList(i, i + 2).clear();
                i--;
            }
        }
        // three-part names: drop the database part; schema sys and INFORMATION_SCHEMA to the emulator's views
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            boolean qualified = i > 0 && t.get(i - 1).isSymbol(".");
            if (!tok.isIdentifier() || qualified) {
                continue;
            }
            if (i + 4 < t.size()
                    && t.get(i + 1).isSymbol(".")
                    && t.get(i + 2).isIdentifier()
                    && t.get(i + 3).isSymbol(".")
                    && t.get(i + 4).isIdentifier()
                    && isDatabaseName(tok.name(), ctx)) {
                t.subList(i, i + 2).clear();
                tok = t.get(i);
            }
            if (i + 1 < t.size() && t.get(i + 1).isSymbol(".")) {
                if (tok.name().equalsIgnoreCase("sys")) {
                    t.set(i, Token.word("EMU_SYS"));
                } else if (tok.name().equalsIgnoreCase("INFORMATION_SCHEMA")) {
                    t.set(i, Token.word("EMU_INFO"));
                }
            }
        }
        t = convertToCast(t);
        t = countToInt(t);
        t = nameSelectItems(t);
        return t;
    }

    /** Prefix of the aliases given to unnamed select items; such columns are reported without a name. */
    public static final String NO_NAME = "EMU_NONAME_";

    private static final Set<String> SELECT_LIST_END = Set.of(
            "FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT", "INTERSECT", "OPTION", "FOR");
    private static final Set<String> NOT_ALIASES = Set.of("END", "NULL", "TRUE", "FALSE");

    /** Gives the outer SELECT's unnamed expressions an alias and turns "alias = expr" items into "expr AS alias". */
    private static List<Token> nameSelectItems(List<Token> t) {
        // the outer SELECT, unless the statement starts with something else than SELECT or WITH
        int select = topLevel(
                t, 0, i -> t.get(i).is("SELECT") || (i == 0 && !t.get(i).is("WITH")));
        if (select < 0 || !t.get(select).is("SELECT")) {
            return t;
        }
        int start = select + 1;
        if (start < t.size() && (t.get(start).is("DISTINCT") || t.get(start).is("ALL"))) {
            start++;
        }
        if (start < t.size() && t.get(start).is("TOP")) {
            start++;
            if (start < t.size() && t.get(start).isSymbol("(")) {
                start = matchParen(t, start) + 1;
            } else {
                start++;
            }
            while (start < t.size()
                    && (t.get(start).is("PERCENT")
                            || t.get(start).is("WITH")
                            || t.get(start).is("TIES"))) {
                start++;
            }
        }
        int end = topLevel(
                t,
                start,
                i -> t.get(i).kind() == Token.Kind.WORD
                        && SELECT_LIST_END.contains(t.get(i).keyword()));
        if (end < 0) {
            end = t.size();
        }
        List<Token> out = new ArrayList<>(t.subList(0, start));
        int itemStart = start;
        int n = 0;
        List<Integer> commas = topLevelCommas(t, start, end);
        commas.add(end);
        for (int comma : commas) {
            List<Token> item = new ArrayList<>(t.subList(itemStart, comma));
            n++;
            if (item.size() >= 3 && item.get(0).isIdentifier() && item.get(1).isSymbol("=")) {
                List<Token> expr = new ArrayList<>(item.subList(2, item.size()));
                expr.add(Token.word("AS"));
                expr.add(item.get(0));
                item = expr;
            } else if (!hasName(item)) {
                item.add(Token.word("AS"));
                item.add(new Token(Token.Kind.QUOTED, "[" + NO_NAME + n + "]", NO_NAME + n));
            }
            out.addAll(item);
            if (comma < end) {
                out.add(t.get(comma));
            }
            itemStart = comma + 1;
        }
        out.addAll(t.subList(end, t.size()));
        return out;
    }

    private static boolean hasName(List<Token> item) {
        if (item.isEmpty()) {
            return true;
        }
        Token last = item.get(item.size() - 1);
        if (last.isSymbol("*")) {
            return true;
        }
        if (!last.isIdentifier() || NOT_ALIASES.contains(last.keyword())) {
            return false;
        }
        if (item.size() == 1) {
            return true; // a column
        }
        Token before = item.get(item.size() - 2);
        return before.isSymbol(".")
                || before.is("AS")
                || !(before.kind() == Token.Kind.SYMBOL && !before.isSymbol(")"));
    }

    private static boolean isDatabaseName(String name, Context ctx) {
        return name.equalsIgnoreCase(ctx.database())
                || name.equalsIgnoreCase("master")
                || name.equalsIgnoreCase("tempdb");
    }

    private static boolean onlyHints(List<Token> t, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (!(x.isSymbol(",") || (x.kind() == Token.Kind.WORD && HINTS.contains(x.keyword())))) {
                return false;
            }
        }
        return true;
    }

    /** The first index from on, outside parentheses, whose token matches (parentheses never do), or -1. */
    static int topLevel(List<Token> t, int from, IntPredicate matches) {
        int depth = 0;
        for (int i = from; i < t.size(); i++) {
            if (t.get(i).isSymbol("(")) {
                depth++;
            } else if (t.get(i).isSymbol(")")) {
                depth--;
            } else if (depth == 0 && matches.test(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the ')' matching the '(' at open, or -1. */
    static int matchParen(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).isSymbol("(")) {
                depth++;
            } else if (t.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** CONVERT(type, expr [, style]) to CAST(expr AS type). */
    private static List<Token> convertToCast(List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is("CONVERT") && i + 1 < t.size() && t.get(i + 1).isSymbol("(")) {
                int close = matchParen(t, i + 1);
                if (close < 0) {
                    return t;
                }
                List<Integer> commas = topLevelCommas(t, i + 2, close);
                if (commas.isEmpty()) {
                    continue;
                }
                List<Token> type = new ArrayList<>(t.subList(i + 2, commas.get(0)));
                int exprEnd = commas.size() > 1 ? commas.get(1) : close;
                List<Token> expr = new ArrayList<>(t.subList(commas.get(0) + 1, exprEnd));
                List<Token> repl = new ArrayList<>();
                repl.add(Token.word("CAST"));
                repl.add(Token.symbol("("));
                repl.addAll(expr);
                repl.add(Token.word("AS"));
                repl.addAll(type);
                repl.add(Token.symbol(")"));
                List<Token> out = new ArrayList<>(t.subList(0, i));
                out.addAll(repl);
                out.addAll(t.subList(close + 1, t.size()));
                return convertToCast(out);
            }
        }
        return t;
    }

    static List<Integer> topLevelCommas(List<Token> t, int from, int to) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            Token x = t.get(i);
            if (x.isSymbol("(")) {
                depth++;
            } else if (x.isSymbol(")")) {
                depth--;
            } else if (x.isSymbol(",") && depth == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** COUNT(...) and LEN(...) return int in SQL Server (H2 gives BIGINT). */
    private static List<Token> countToInt(List<Token> t) {
        List<Token> out = new ArrayList<>();
        java.util.Set<Integer> closers = new java.util.HashSet<>();
        for (int i = 0; i < t.size(); i++) {
            Token x = t.get(i);
            if ((x.is("COUNT") || x.is("LEN"))
                    && i + 1 < t.size()
                    && t.get(i + 1).isSymbol("(")
                    && (i == 0 || !t.get(i - 1).isSymbol("."))) {
                int close = matchParen(t, i + 1);
                boolean window =
                        close > 0 && close + 1 < t.size() && t.get(close + 1).is("OVER");
                if (close > 0 && !window) {
                    out.add(Token.word("CAST"));
                    out.add(Token.symbol("("));
                    closers.add(close);
                }
            }
            out.add(x);
            if (closers.contains(i)) {
                out.add(Token.word("AS"));
                out.add(Token.word("INT"));
                out.add(Token.symbol(")"));
            }
        }
        return out;
    }
}
