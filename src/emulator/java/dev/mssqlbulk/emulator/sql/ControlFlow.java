package dev.mssqlbulk.emulator.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * IF condition statement [ELSE statement] (conditions such as OBJECT_ID(...) IS NULL or EXISTS (...) evaluated by
 * H2), BEGIN ... END blocks, and the errors that THROW and RAISERROR raise.
 */
final class ControlFlow {
    private final SqlSession session;
    private final DmlExecutor dml;

    ControlFlow(SqlSession session, DmlExecutor dml) {
        this.session = session;
        this.dml = dml;
    }

    void ifStatement(List<Token> t, ResultSink sink) throws SqlServerError {
        int body = Rewriter.topLevel(
                t,
                1,
                i -> i > 1
                        && t.get(i).kind() == Token.Kind.WORD
                        && StatementSplitter.STARTERS.contains(t.get(i).keyword()));
        if (body < 0) {
            throw SqlServerError.syntax(t.get(t.size() - 1).text());
        }
        int elseAt = elseIndex(t, body);
        List<Token> condition = new ArrayList<>();
        condition.add(Token.word("CASE"));
        condition.add(Token.word("WHEN"));
        condition.addAll(t.subList(1, body));
        condition.addAll(List.of(
                Token.word("THEN"),
                Token.of(Token.Kind.NUMBER, "1"),
                Token.word("ELSE"),
                Token.of(Token.Kind.NUMBER, "0"),
                Token.word("END")));
        Object v = dml.scalar(condition);
        boolean yes = v instanceof Number n && n.intValue() == 1;
        List<Token> branch = yes
                ? t.subList(body, elseAt < 0 ? t.size() : elseAt)
                : elseAt < 0 ? List.of() : t.subList(elseAt + 1, t.size());
        if (branch.isEmpty()) {
            sink.done(false, 0);
            return;
        }
        for (List<Token> s : StatementSplitter.split(new ArrayList<>(branch))) {
            session.execute(s, sink);
        }
    }

    /** The ELSE of this IF: outside parentheses and BEGIN..END / CASE..END of the body; -1 when there is none. */
    private static int elseIndex(List<Token> t, int body) {
        int depth = 0;
        int block = 0;
        for (int i = body; i < t.size(); i++) {
            Token x = t.get(i);
            if (x.isSymbol("(")) {
                depth++;
            } else if (x.isSymbol(")")) {
                depth--;
            } else if (depth == 0
                    && (x.is("BEGIN")
                                    && !(i + 1 < t.size()
                                            && (t.get(i + 1).is("TRAN")
                                                    || t.get(i + 1).is("TRANSACTION")))
                            || x.is("CASE"))) {
                block++;
            } else if (depth == 0 && x.is("END")) {
                block--;
            } else if (depth == 0 && block == 0 && x.is("ELSE")) {
                return i;
            }
        }
        return -1;
    }

    /** BEGIN statement... END. */
    void block(List<Token> t, ResultSink sink) throws SqlServerError {
        int end = t.size() - 1;
        if (!t.get(end).is("END")) {
            throw SqlServerError.syntax(t.get(end).text());
        }
        List<List<Token>> inner = StatementSplitter.split(new ArrayList<>(t.subList(1, end)));
        if (inner.isEmpty()) {
            sink.done(false, 0);
        }
        for (List<Token> s : inner) {
            session.execute(s, sink);
        }
    }

    /** The error of THROW number, message, state or RAISERROR(message, severity, state). */
    SqlServerError raise(List<Token> t) throws SqlServerError {
        List<Token> args = t.get(0).is("RAISERROR") && t.size() > 2
                ? t.subList(2, Rewriter.matchParen(t, 1))
                : t.subList(1, t.size());
        List<Integer> commas = Rewriter.topLevelCommas(args, 0, args.size());
        if (t.get(0).is("THROW")) {
            if (commas.size() < 2) {
                throw SqlServerError.unsupported("THROW without arguments");
            }
            int number = Integer.parseInt(args.get(0).text());
            Object msg = dml.scalar(args.subList(commas.get(0) + 1, commas.get(1)));
            int state = Integer.parseInt(args.get(commas.get(1) + 1).text());
            return new SqlServerError(number, state, 16, String.valueOf(msg));
        }
        Object msg = dml.scalar(args.subList(0, commas.isEmpty() ? args.size() : commas.get(0)));
        int severity = commas.isEmpty()
                ? 16
                : Integer.parseInt(args.get(commas.get(0) + 1).text());
        return new SqlServerError(50000, 1, severity, String.valueOf(msg));
    }
}
