package dev.mssqlbulk.emulator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a T-SQL batch into statements: at top-level ';' and where a new statement visibly begins (a statement
 * keyword at parenthesis depth 0 that cannot continue the current statement). BEGIN...END and CASE...END blocks and
 * IF bodies stay inside their statement. Literals, bracket identifiers and comments never split.
 */
public final class StatementSplitter {
    static final Set<String> STARTERS = Set.of(
            "SELECT",
            "INSERT",
            "UPDATE",
            "DELETE",
            "MERGE",
            "CREATE",
            "DROP",
            "ALTER",
            "TRUNCATE",
            "DECLARE",
            "EXEC",
            "EXECUTE",
            "USE",
            "PRINT",
            "RAISERROR",
            "THROW",
            "RETURN",
            "COMMIT",
            "ROLLBACK",
            "SAVE",
            "IF",
            "WHILE",
            "BEGIN",
            "SET",
            "GO");

    private StatementSplitter() {}

    public static List<List<Token>> split(String sql) {
        return split(Lexer.lex(sql));
    }

    public static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        int block = 0;
        String stmtKw = null;
        boolean ifPending = false;
        Token prev = null;
        boolean sawValues = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.significant()) {
                current.add(t);
                continue;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth = Math.max(0, depth - 1);
            } else if (t.isSymbol(";") && depth == 0 && block == 0) {
                flush(out, current);
                current = new ArrayList<>();
                stmtKw = null;
                ifPending = false;
                prev = null;
                sawValues = false;
                continue;
            }
            if (t.kind() == Token.Kind.WORD && depth == 0) {
                String kw = t.keyword();
                boolean starter = STARTERS.contains(kw);
                if (block == 0 && stmtKw != null && starter) {
                    if (ifPending) {
                        stmtKw = kw;
                        ifPending = kw.equals("IF");
                    } else if (splitsBefore(kw, stmtKw, prev)
                            || (kw.equals("SELECT") && sawValues && stmtKw.equals("INSERT"))) {
                        flush(out, current);
                        current = new ArrayList<>();
                        sawValues = false;
                        stmtKw = kw;
                        ifPending = kw.equals("IF") || kw.equals("WHILE");
                    } else if (stmtKw.equals("WITH")
                            && Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE")
                                    .contains(kw)) {
                        stmtKw = kw;
                    }
                } else if (block == 0 && stmtKw == null) {
                    stmtKw = kw;
                    ifPending = kw.equals("IF") || kw.equals("WHILE");
                } else if (block == 0 && kw.equals("ELSE")) {
                    ifPending = true;
                }
                if (kw.equals("VALUES") && block == 0) {
                    sawValues = true;
                }
                if (kw.equals("BEGIN") && !isTransactionWord(next(tokens, i))) {
                    block++;
                } else if (kw.equals("CASE")) {
                    block++;
                } else if (kw.equals("END") && block > 0) {
                    block--;
                }
            }
            current.add(t);
            prev = t;
        }
        flush(out, current);
        return out;
    }

    private static boolean splitsBefore(String kw, String stmtKw, Token prev) {
        String p = prev == null ? "" : prev.keyword();
        switch (kw) {
            case "SELECT":
                if (stmtKw.equals("SET") && (p.equals("ON") || p.equals("OFF"))) {
                    return true; // SET FMTONLY ON SELECT ...
                }
                return !Set.of("INSERT", "DECLARE", "SET", "WITH").contains(stmtKw)
                        && !Set.of("UNION", "ALL", "EXCEPT", "INTERSECT", "AS").contains(p);
            case "INSERT":
            case "UPDATE":
            case "DELETE":
                if (p.equals("THEN") || p.equals("FOR")) {
                    return false;
                }
                return !(p.equals("ON") && stmtKw.equals("ALTER"));
            case "SET":
                return !stmtKw.equals("UPDATE")
                        && !stmtKw.equals("MERGE")
                        && !p.equals("UPDATE")
                        && !p.equals("ON")
                        && !p.equals("DEFAULT")
                        && !p.equals("NULL");
            case "DROP":
            case "ALTER":
                return !stmtKw.equals("ALTER");
            case "IF":
                return !Set.of(
                                "TABLE",
                                "VIEW",
                                "INDEX",
                                "PROCEDURE",
                                "PROC",
                                "FUNCTION",
                                "SCHEMA",
                                "TRIGGER",
                                "TYPE",
                                "SEQUENCE",
                                "DATABASE",
                                "COLUMN",
                                "CONSTRAINT")
                        .contains(p);
            case "EXEC":
            case "EXECUTE":
                return !stmtKw.equals("INSERT");
            case "MERGE":
                return true;
            case "ROLLBACK":
            case "COMMIT":
                return true;
            default:
                return true;
        }
    }

    private static Token next(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (tokens.get(j).significant()) {
                return tokens.get(j);
            }
        }
        return null;
    }

    private static boolean isTransactionWord(Token t) {
        return t != null && (t.is("TRAN") || t.is("TRANSACTION") || t.is("DISTRIBUTED"));
    }

    private static void flush(List<List<Token>> out, List<Token> current) {
        List<Token> trimmed = Lexer.trim(current);
        if (!trimmed.isEmpty()) {
            out.add(trimmed);
        }
    }

    /** Splits a script on lines holding only GO, then each part into statements. */
    public static List<String> splitGo(String script) {
        List<String> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\r?\n", -1)) {
            if (line.trim().equalsIgnoreCase("GO")) {
                parts.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(line).append('\n');
            }
        }
        parts.add(sb.toString());
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (!p.isBlank()) {
                out.add(p);
            }
        }
        return out;
    }
}
