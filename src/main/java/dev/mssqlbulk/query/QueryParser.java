package dev.mssqlbulk.query;

import dev.mssqlbulk.query.Condition.And;
import dev.mssqlbulk.query.Condition.Comparison;
import dev.mssqlbulk.query.Condition.In;
import dev.mssqlbulk.query.Condition.IsNull;
import dev.mssqlbulk.query.Condition.Like;
import dev.mssqlbulk.query.Condition.Not;
import dev.mssqlbulk.query.Condition.Or;
import dev.mssqlbulk.query.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a query (see the {@linkplain dev.mssqlbulk.query package documentation} for the grammar) into a
 * {@link Query}: one method per grammar rule, one token of lookahead. Precedence is {@code not} over {@code and}
 * over {@code or}; parentheses group.
 */
public final class QueryParser {

    /** Reserved words: a field or object of such a name must be written {@code [name]} or {@code "name"}. */
    public static final Set<String> KEYWORDS = Set.of(
            "select", "from", "where", "and", "or", "not", "in", "is", "null", "like", "order", "by", "asc", "desc",
            "limit", "true", "false");

    /** How deeply {@code not} and parentheses may nest; bounds the recursion (queries arrive from the network). */
    static final int MAX_NESTING = 100;

    private static final String VALUE = "a value (a quoted string, a number, true or false)";
    private static final String OPERATORS =
            "an operator (=, !=, <>, <, <=, >, >=, like, not like, in, not in, " + "is null or is not null)";

    private final List<Token> tokens;
    private int index;
    private int nesting;

    private QueryParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** @throws QuerySyntaxException naming the offending token and its position */
    public static Query parse(String query) {
        if (query == null || query.isBlank()) {
            throw new QuerySyntaxException("the query is empty at position 1; expected select", 1);
        }
        return new QueryParser(QueryLexer.tokenize(query)).query();
    }

    private Query query() {
        expectKeyword("select", "select");
        List<String> fields = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (peek().kind() == Kind.STAR) {
            advance();
        } else {
            String expected = "a field name or *";
            do {
                Token field = identifier(expected);
                fields.add(field.value());
                positions.add(field.position());
                expected = "a field name";
            } while (accept(Kind.COMMA));
        }
        expectKeyword("from", fields.isEmpty() ? "from" : "',' or from");
        Token object = identifier("an object name");

        Condition where = null;
        if (acceptKeyword("where")) {
            where = or();
        }
        List<OrderBy> orderBy = new ArrayList<>();
        boolean lastHasDirection = false;
        if (acceptKeyword("order")) {
            expectKeyword("by", "by");
            do {
                Token field = identifier("a field name");
                boolean descending = false;
                lastHasDirection = peek().isKeyword("asc") || peek().isKeyword("desc");
                if (lastHasDirection) {
                    descending = advance().isKeyword("desc");
                }
                orderBy.add(new OrderBy(field.value(), descending, field.position()));
            } while (accept(Kind.COMMA));
        }
        Long limit = null;
        if (acceptKeyword("limit")) {
            limit = limit();
        }
        if (peek().kind() != Kind.END) {
            String expected;
            if (limit != null) {
                expected = "the end of the query";
            } else if (!orderBy.isEmpty()) {
                expected = (lastHasDirection ? "" : "asc, desc, ") + "',', limit or the end of the query";
            } else if (where != null) {
                expected = "and, or, order by, limit or the end of the query";
            } else {
                expected = "where, order by, limit or the end of the query";
            }
            throw unexpected(peek(), expected);
        }
        return new Query(fields, object.value(), where, orderBy, limit, positions, object.position());
    }

    private Long limit() {
        Token token = advance();
        if (token.kind() == Kind.INTEGER) {
            try {
                long limit = Long.parseLong(token.text());
                if (limit > 0) {
                    return limit;
                }
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        String found = token.kind() == Kind.END ? "the end of the query" : token.describe();
        throw new QuerySyntaxException(
                "limit must be a positive whole number at position " + token.position() + ", not " + found,
                token.position());
    }

    // condition = or; or = and {"or" and}; and = not {"and" not}; not = "not" not | "(" or ")" | predicate

    private Condition or() {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(and());
        while (acceptKeyword("or")) {
            conditions.add(and());
        }
        return conditions.size() == 1 ? conditions.get(0) : new Or(conditions);
    }

    private Condition and() {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(not());
        while (acceptKeyword("and")) {
            conditions.add(not());
        }
        return conditions.size() == 1 ? conditions.get(0) : new And(conditions);
    }

    private Condition not() {
        Token token = peek();
        if (token.isKeyword("not") || token.kind() == Kind.LEFT_PAREN) {
            if (++nesting > MAX_NESTING) {
                throw new QuerySyntaxException(
                        "the condition is nested too deeply at position " + token.position() + " (at most "
                                + MAX_NESTING + " levels of not and parentheses)",
                        token.position());
            }
            advance();
            Condition condition;
            if (token.isKeyword("not")) {
                condition = new Not(not());
            } else {
                condition = or();
                expect(Kind.RIGHT_PAREN, "and, or or ')'");
            }
            nesting--;
            return condition;
        }
        return predicate();
    }

    private Condition predicate() {
        Token field = identifier("a field name, not or '('");
        Token token = peek();
        if (token.kind() == Kind.OPERATOR) {
            advance();
            return new Comparison(field.value(), token.text(), value(), field.position());
        }
        if (acceptKeyword("is")) {
            boolean negated = acceptKeyword("not");
            expectKeyword("null", negated ? "null" : "not or null");
            return new IsNull(field.value(), negated, field.position());
        }
        boolean negated = acceptKeyword("not");
        if (acceptKeyword("like")) {
            Token pattern = expect(Kind.STRING, "a quoted pattern");
            return new Like(field.value(), pattern.value(), negated, field.position());
        }
        if (acceptKeyword("in")) {
            Token open = expect(Kind.LEFT_PAREN, "'('");
            if (peek().kind() == Kind.RIGHT_PAREN) {
                throw new QuerySyntaxException(
                        "unexpected ')' at position " + peek().position()
                                + "; in needs at least one value (the list opened at position " + open.position() + ")",
                        peek().position());
            }
            List<Object> values = new ArrayList<>();
            do {
                values.add(value());
            } while (accept(Kind.COMMA));
            expect(Kind.RIGHT_PAREN, "',' or ')'");
            return new In(field.value(), values, negated, field.position());
        }
        throw unexpected(peek(), negated ? "like or in" : OPERATORS);
    }

    private Object value() {
        Token token = advance();
        switch (token.kind()) {
            case STRING:
                return token.value();
            case INTEGER:
                try {
                    return Long.parseLong(token.text());
                } catch (NumberFormatException tooLarge) {
                    return new BigDecimal(token.text());
                }
            case DECIMAL:
                return new BigDecimal(token.text());
            default:
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    return Boolean.parseBoolean(token.text().toLowerCase(Locale.ROOT));
                }
                if (token.isKeyword("null")) {
                    throw unexpected(token, VALUE + "; test for null with is null or is not null");
                }
                throw unexpected(token, VALUE);
        }
    }

    /** A bare word that is not a keyword, or a quoted identifier. */
    private Token identifier(String expected) {
        Token token = peek();
        if (token.kind() == Kind.QUOTED_IDENTIFIER
                || (token.kind() == Kind.WORD && !KEYWORDS.contains(token.text().toLowerCase(Locale.ROOT)))) {
            return advance();
        }
        if (token.kind() == Kind.WORD && !token.isKeyword("from")) {
            throw unexpected(
                    token,
                    expected + "; '" + token.text() + "' is a keyword, write [" + token.text()
                            + "] for a name spelled like it");
        }
        throw unexpected(token, expected);
    }

    private Token expect(Kind kind, String expected) {
        if (peek().kind() != kind) {
            throw unexpected(peek(), expected);
        }
        return advance();
    }

    private void expectKeyword(String keyword, String expected) {
        if (!acceptKeyword(keyword)) {
            throw unexpected(peek(), expected);
        }
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            advance();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    private static QuerySyntaxException unexpected(Token token, String expected) {
        return new QuerySyntaxException(
                "unexpected " + token.describe() + " at position " + token.position() + "; expected " + expected,
                token.position());
    }
}
