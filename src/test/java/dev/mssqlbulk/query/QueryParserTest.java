package dev.mssqlbulk.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mssqlbulk.query.Condition.And;
import dev.mssqlbulk.query.Condition.Comparison;
import dev.mssqlbulk.query.Condition.In;
import dev.mssqlbulk.query.Condition.IsNull;
import dev.mssqlbulk.query.Condition.Like;
import dev.mssqlbulk.query.Condition.Not;
import dev.mssqlbulk.query.Condition.Or;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryParserTest {

    @Test
    void aFullQueryWithPositions() {
        //                       1         2         3         4         5         6         7         8
        //              12345678901234567890123456789012345678901234567890123456789012345678901234567890123
        String q = "select id, [Name] from contact where age >= 18 order by name desc, id limit 100";
        Query query = QueryParser.parse(q);
        assertEquals(
                new Query(
                        List.of("id", "Name"),
                        "contact",
                        new Comparison("age", ">=", 18L, 38),
                        List.of(new OrderBy("name", true, 57), new OrderBy("id", false, 68)),
                        100L,
                        List.of(8, 12),
                        24),
                query);
    }

    @Test
    void starSelectsAllAndNothingIsOptional() {
        Query query = QueryParser.parse("select * from contact");
        assertTrue(query.selectsAll());
        assertEquals(List.of(), query.fields());
        assertNull(query.where());
        assertEquals(List.of(), query.orderBy());
        assertNull(query.limit());
    }

    static Stream<Arguments> conditions() {
        Comparison a = new Comparison("a", "=", 1L, 0);
        Comparison b = new Comparison("b", "=", 2L, 0);
        Comparison c = new Comparison("c", "=", 3L, 0);
        return Stream.of(
                arguments("a = 1 or b = 2 and c = 3", new Or(List.of(a, new And(List.of(b, c))))),
                arguments("a = 1 and b = 2 or c = 3", new Or(List.of(new And(List.of(a, b)), c))),
                arguments("(a = 1 or b = 2) and c = 3", new And(List.of(new Or(List.of(a, b)), c))),
                arguments("a = 1 and (b = 2 or c = 3)", new And(List.of(a, new Or(List.of(b, c))))),
                arguments("a = 1 and b = 2 and c = 3", new And(List.of(a, b, c))),
                arguments("a = 1 or b = 2 or c = 3", new Or(List.of(a, b, c))),
                arguments("not a = 1 and b = 2", new And(List.of(new Not(a), b))),
                arguments("not (a = 1 and b = 2)", new Not(new And(List.of(a, b)))),
                arguments("not not a = 1", new Not(new Not(a))),
                arguments("a = 1 or not b = 2 and c = 3", new Or(List.of(a, new And(List.of(new Not(b), c))))),
                arguments("((a = 1))", a),
                arguments("(a = 1 and b = 2) and c = 3", new And(List.of(new And(List.of(a, b)), c))),
                arguments(
                        "a in (1, 'x', 2.5, true)",
                        new In("a", List.of(1L, "x", new BigDecimal("2.5"), true), false, 0)),
                arguments("a not in ('x')", new In("a", List.of("x"), true, 0)),
                arguments("a is null", new IsNull("a", false, 0)),
                arguments("a IS NOT NULL", new IsNull("a", true, 0)),
                arguments("a like 'x%'", new Like("a", "x%", false, 0)),
                arguments("a not like '%''%'", new Like("a", "%'%", true, 0)),
                arguments("a != -3", new Comparison("a", "!=", -3L, 0)),
                arguments("a <> 0.10", new Comparison("a", "<>", new BigDecimal("0.10"), 0)),
                arguments("a < -0.5", new Comparison("a", "<", new BigDecimal("-0.5"), 0)),
                arguments("a = FALSE", new Comparison("a", "=", false, 0)),
                arguments("a = 'true'", new Comparison("a", "=", "true", 0)),
                arguments("a = '2024-02-29T13:45:00Z'", new Comparison("a", "=", "2024-02-29T13:45:00Z", 0)),
                arguments("a > 9223372036854775807", new Comparison("a", ">", Long.MAX_VALUE, 0)),
                arguments(
                        "a > 9223372036854775808", new Comparison("a", ">", new BigDecimal("9223372036854775808"), 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void conditionsAndPrecedence(String condition, Condition expected) {
        Condition where =
                QueryParser.parse("select * from t where " + condition).where();
        assertEquals(expected, withoutPositions(where));
    }

    @Test
    void leavesKeepThePositionOfTheirField() {
        //                   1         2         3         4         5         6         7
        //          1234567890123456789012345678901234567890123456789012345678901234567890123
        String q = "select * from t where a = 1 or b in (2) or not c is null or [d d] not like 'x'";
        Or or = (Or) QueryParser.parse(q).where();
        assertEquals(
                List.of(
                        new Comparison("a", "=", 1L, 23),
                        new In("b", List.of(2L), false, 32),
                        new Not(new IsNull("c", false, 48)),
                        new Like("d d", "x", true, 61)),
                or.conditions());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // query, position, fragment of the message
                arguments("", 1, "the query is empty at position 1; expected select"),
                arguments("   ", 1, "the query is empty at position 1"),
                arguments("selec * from contact", 1, "unexpected 'selec' at position 1; expected select"),
                arguments("select * contact", 10, "unexpected 'contact' at position 10; expected from"),
                arguments("select id name from contact", 11, "unexpected 'name' at position 11; expected ',' or from"),
                arguments("select from contact", 8, "unexpected 'from' at position 8; expected a field name or *"),
                arguments("select *, id from contact", 9, "unexpected ',' at position 9; expected from"),
                arguments("select id, from contact", 12, "unexpected 'from' at position 12; expected a field name"),
                arguments("select * from", 14, "unexpected end of the query at position 14; expected an object name"),
                arguments(
                        "select * from where",
                        15,
                        "unexpected 'where' at position 15; expected an object name; "
                                + "'where' is a keyword, write [where] for a name spelled like it"),
                arguments(
                        "select * from contact wher age = 1",
                        23,
                        "unexpected 'wher' at position 23; expected where, order by, limit or the end of the query"),
                arguments(
                        "select * from contact where",
                        28,
                        "unexpected end of the query at position 28; expected a field name, not or '('"),
                arguments(
                        "select * from contact where order = 1",
                        29,
                        "unexpected 'order' at position 29; expected a field name, not or '('; 'order' is a keyword"),
                arguments(
                        "select * from contact where age",
                        32,
                        "unexpected end of the query at position 32; expected an operator (=, !=, <>"),
                arguments(
                        "select * from contact where age =",
                        34,
                        "unexpected end of the query at position 34; expected a value"),
                arguments(
                        "select * from contact where age == 1", 34, "unexpected '=' at position 34; expected a value"),
                arguments(
                        "select * from contact where age = null",
                        35,
                        "unexpected 'null' at position 35; expected a value (a quoted string, a number, true or false);"
                                + " test for null with is null or is not null"),
                arguments(
                        "select * from contact where name = \"x\"",
                        36,
                        "unexpected '\"x\"' at position 36; expected a value"),
                arguments(
                        "select * from contact where age = name",
                        35,
                        "unexpected 'name' at position 35; expected a value"),
                arguments("select * from contact where name = 'abc", 36, "unterminated string starting at position 36"),
                arguments(
                        "select * from contact where name = 'it''s", 36, "unterminated string starting at position 36"),
                arguments("select * from [contact", 15, "unterminated identifier starting at position 15"),
                arguments("select [] from contact", 8, "empty identifier [] at position 8"),
                arguments(
                        "select * from contact where age in ()",
                        37,
                        "unexpected ')' at position 37; in needs at least one value"),
                arguments(
                        "select * from contact where age in (1,)",
                        39,
                        "unexpected ')' at position 39; expected a value"),
                arguments(
                        "select * from contact where age in (1, 2",
                        41,
                        "unexpected end of the query at position 41; expected ',' or ')'"),
                arguments("select * from contact where age in 1", 36, "unexpected '1' at position 36; expected '('"),
                arguments(
                        "select * from contact where age is 1",
                        36,
                        "unexpected '1' at position 36; expected not or null"),
                arguments(
                        "select * from contact where age is not",
                        39,
                        "unexpected end of the query at position 39; expected null"),
                arguments(
                        "select * from contact where age not = 1",
                        37,
                        "unexpected '=' at position 37; expected like or in"),
                arguments(
                        "select * from contact where name like 5",
                        39,
                        "unexpected '5' at position 39; expected a quoted pattern"),
                arguments(
                        "select * from contact where (age = 1",
                        37,
                        "unexpected end of the query at position 37; expected and, or or ')'"),
                arguments(
                        "select * from contact where age = 1)",
                        36,
                        "unexpected ')' at position 36; expected and, or, order by, limit or the end of the query"),
                arguments(
                        "select * from contact where age = 1 name = 2",
                        37,
                        "unexpected 'name' at position 37; expected and, or, order by, limit or the end of the query"),
                arguments(
                        "select * from contact where age = 1 and",
                        40,
                        "unexpected end of the query at position 40; expected a field name, not or '('"),
                arguments(
                        "select * from contact where age = 1 and or b = 2",
                        41,
                        "unexpected 'or' at position 41; expected a field name, not or '('"),
                arguments(
                        "select * from contact where not",
                        32,
                        "unexpected end of the query at position 32; expected a field name, not or '('"),
                arguments("select * from contact where age ! 1", 33, "unexpected character '!' at position 33"),
                arguments("select * from contact where age = 1 # x", 37, "unexpected character '#' at position 37"),
                arguments("select * from contact where age = 12abc", 35, "malformed number '12abc' at position 35"),
                arguments("select * from contact where age = 1.", 35, "malformed number '1.' at position 35"),
                arguments("select * from contact where age = 1.2.3", 35, "malformed number '1.2.3' at position 35"),
                arguments("select * from contact where age = - 1", 35, "unexpected character '-' at position 35"),
                arguments(
                        "select * from contact where age = 1; drop table contact",
                        36,
                        "unexpected character ';' at position 36"),
                arguments("select * from contact order age", 29, "unexpected 'age' at position 29; expected by"),
                arguments(
                        "select * from contact order by",
                        31,
                        "unexpected end of the query at position 31; expected a field name"),
                arguments(
                        "select * from contact order by age where age = 1",
                        36,
                        "unexpected 'where' at position 36; expected asc, desc, ',', limit or the end of the query"),
                arguments(
                        "select * from contact order by age desc asc",
                        41,
                        "unexpected 'asc' at position 41; expected ',', limit or the end of the query"),
                arguments(
                        "select * from contact limit 0",
                        29,
                        "limit must be a positive whole number at position 29, not '0'"),
                arguments(
                        "select * from contact limit -3",
                        29,
                        "limit must be a positive whole number at position 29, not '-3'"),
                arguments(
                        "select * from contact limit 1.5",
                        29,
                        "limit must be a positive whole number at position 29, not '1.5'"),
                arguments(
                        "select * from contact limit '5'",
                        29,
                        "limit must be a positive whole number at position 29, not string '5'"),
                arguments(
                        "select * from contact limit",
                        28,
                        "limit must be a positive whole number at position 28, not the end of the query"),
                arguments(
                        "select * from contact limit 9223372036854775808",
                        29,
                        "limit must be a positive whole number at position 29, not '9223372036854775808'"),
                arguments(
                        "select * from contact limit 5 limit 6",
                        31,
                        "unexpected 'limit' at position 31; expected the end of the query"),
                arguments(
                        "select * from contact limit 5 order by id",
                        31,
                        "unexpected 'order' at position 31; expected the end of the query"),
                arguments("select name]; drop table x; -- from contact", 12, "unexpected character ']' at position 12"),
                arguments(
                        "select * from contact where " + "(".repeat(101) + "a = 1" + ")".repeat(101),
                        129,
                        "the condition is nested too deeply at position 129"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidQueriesNameTheTokenAndItsPosition(String query, int position, String fragment) {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aNullQueryIsAnEmptyQuery() {
        assertEquals(
                1,
                assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(null))
                        .position());
    }

    @Test
    void nestingUpToTheBoundIsFine() {
        String q = "select * from t where " + "not (".repeat(50) + "a = 1" + ")".repeat(50);
        Condition where = QueryParser.parse(q).where();
        for (int i = 0; i < 50; i++) {
            where = ((Not) where).condition();
        }
        assertEquals(new Comparison("a", "=", 1L, 273), where);
    }

    /** Conditions with every position set to 0, to compare structure only. */
    static Condition withoutPositions(Condition c) {
        if (c instanceof And and) {
            return new And(and.conditions().stream()
                    .map(QueryParserTest::withoutPositions)
                    .toList());
        }
        if (c instanceof Or or) {
            return new Or(or.conditions().stream()
                    .map(QueryParserTest::withoutPositions)
                    .toList());
        }
        if (c instanceof Not not) {
            return new Not(withoutPositions(not.condition()));
        }
        if (c instanceof Comparison x) {
            return new Comparison(x.field(), x.operator(), x.value(), 0);
        }
        if (c instanceof In x) {
            return new In(x.field(), x.values(), x.negated(), 0);
        }
        if (c instanceof IsNull x) {
            return new IsNull(x.field(), x.negated(), 0);
        }
        Like x = (Like) c;
        return new Like(x.field(), x.pattern(), x.negated(), 0);
    }
}
