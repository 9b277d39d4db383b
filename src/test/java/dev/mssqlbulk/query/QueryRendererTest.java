package dev.mssqlbulk.query;

import static dev.mssqlbulk.query.TestTables.CONTACT;
import static dev.mssqlbulk.query.TestTables.CONTACT_COLUMNS;
import static dev.mssqlbulk.query.TestTables.CONTACT_VIEW;
import static dev.mssqlbulk.query.TestTables.ORDER_LINE;
import static dev.mssqlbulk.query.TestTables.WEIRD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryRendererTest {

    private static final String FROM = " FROM [dbo].[contact]";
    private static final String SELECT_ID = "SELECT [id]" + FROM;

    static Stream<Arguments> valid() {
        return Stream.of(
                // query, SQL, parameters
                arguments("select * from contact", "SELECT " + CONTACT_COLUMNS + FROM, List.of()),
                arguments("select id, name from contact", "SELECT [id], [name]" + FROM, List.of()),
                arguments("select name, id from contact", "SELECT [name], [id]" + FROM, List.of()),
                arguments("SELECT ID, Name FROM Contact", "SELECT [id], [name]" + FROM, List.of()),
                arguments("select id from contact where age = 30", SELECT_ID + " WHERE [age] = @p1", List.of(30L)),
                arguments("select id from contact where age != 30", SELECT_ID + " WHERE [age] <> @p1", List.of(30L)),
                arguments("select id from contact where age <> 30", SELECT_ID + " WHERE [age] <> @p1", List.of(30L)),
                arguments("select id from contact where age < 30", SELECT_ID + " WHERE [age] < @p1", List.of(30L)),
                arguments("select id from contact where age <= 30", SELECT_ID + " WHERE [age] <= @p1", List.of(30L)),
                arguments("select id from contact where age > 30", SELECT_ID + " WHERE [age] > @p1", List.of(30L)),
                arguments("select id from contact where age >= 30", SELECT_ID + " WHERE [age] >= @p1", List.of(30L)),
                arguments(
                        "select id from contact where age>=30 and name='x'",
                        SELECT_ID + " WHERE ([age] >= @p1 AND [name] = @p2)",
                        List.of(30L, "x")),
                arguments(
                        "select id from contact where name like 'Jo%'",
                        SELECT_ID + " WHERE [name] LIKE @p1", List.of("Jo%")),
                arguments(
                        "select id from contact where name not like '%[_]x'",
                        SELECT_ID + " WHERE [name] NOT LIKE @p1", List.of("%[_]x")),
                arguments(
                        "select id from contact where age in (1, 2, 3)",
                        SELECT_ID + " WHERE [age] IN (@p1, @p2, @p3)",
                        List.of(1L, 2L, 3L)),
                arguments("select id from contact where age in (7)", SELECT_ID + " WHERE [age] IN (@p1)", List.of(7L)),
                arguments(
                        "select id from contact where email not in ('a@x.org', 'b@x.org')",
                        SELECT_ID + " WHERE [email] NOT IN (@p1, @p2)",
                        List.of("a@x.org", "b@x.org")),
                arguments(
                        "select id from contact where email is null", SELECT_ID + " WHERE [email] IS NULL", List.of()),
                arguments(
                        "select id from contact where email is not null",
                        SELECT_ID + " WHERE [email] IS NOT NULL",
                        List.of()),
                // precedence: not > and > or, parentheses group
                arguments(
                        "select id from contact where age = 1 or name = 'a' and email = 'b'",
                        SELECT_ID + " WHERE ([age] = @p1 OR ([name] = @p2 AND [email] = @p3))",
                        List.of(1L, "a", "b")),
                arguments(
                        "select id from contact where age = 1 and name = 'a' or email = 'b'",
                        SELECT_ID + " WHERE (([age] = @p1 AND [name] = @p2) OR [email] = @p3)",
                        List.of(1L, "a", "b")),
                arguments(
                        "select id from contact where (age = 1 or name = 'a') and email = 'b'",
                        SELECT_ID + " WHERE (([age] = @p1 OR [name] = @p2) AND [email] = @p3)",
                        List.of(1L, "a", "b")),
                arguments(
                        "select id from contact where age = 1 and age = 2 and age = 3",
                        SELECT_ID + " WHERE ([age] = @p1 AND [age] = @p2 AND [age] = @p3)",
                        List.of(1L, 2L, 3L)),
                arguments(
                        "select id from contact where age = 1 or age = 2 or age = 3",
                        SELECT_ID + " WHERE ([age] = @p1 OR [age] = @p2 OR [age] = @p3)",
                        List.of(1L, 2L, 3L)),
                arguments("select id from contact where (((age = 1)))", SELECT_ID + " WHERE [age] = @p1", List.of(1L)),
                arguments(
                        "select id from contact where not age = 1 and name = 'a'",
                        SELECT_ID + " WHERE (NOT ([age] = @p1) AND [name] = @p2)",
                        List.of(1L, "a")),
                arguments(
                        "select id from contact where not (age = 1 or age = 2)",
                        SELECT_ID + " WHERE NOT ([age] = @p1 OR [age] = @p2)",
                        List.of(1L, 2L)),
                arguments(
                        "select id from contact where not not active = true",
                        SELECT_ID + " WHERE NOT (NOT ([active] = @p1))",
                        List.of(true)),
                arguments(
                        "select id from contact where not email is null",
                        SELECT_ID + " WHERE NOT ([email] IS NULL)",
                        List.of()),
                // literals
                arguments(
                        "select id from contact where name = 'O''Brien'",
                        SELECT_ID + " WHERE [name] = @p1",
                        List.of("O'Brien")),
                arguments("select id from contact where name = ''''", SELECT_ID + " WHERE [name] = @p1", List.of("'")),
                arguments("select id from contact where name = ''", SELECT_ID + " WHERE [name] = @p1", List.of("")),
                arguments(
                        "select id from contact where name = 'and or not -- /* ]'",
                        SELECT_ID + " WHERE [name] = @p1",
                        List.of("and or not -- /* ]")),
                arguments(
                        "select id from contact where age > -5 and balance <= -12.50 and balance < 3.25",
                        SELECT_ID + " WHERE ([age] > @p1 AND [balance] <= @p2 AND [balance] < @p3)",
                        List.of(-5L, new BigDecimal("-12.50"), new BigDecimal("3.25"))),
                arguments(
                        "select id from contact where active = TRUE or active != false",
                        SELECT_ID + " WHERE ([active] = @p1 OR [active] <> @p2)",
                        List.of(true, false)),
                arguments(
                        "select id from contact where created >= '2024-01-31' and created < '2024-02-01T08:30:00'",
                        SELECT_ID + " WHERE ([created] >= @p1 AND [created] < @p2)",
                        List.of("2024-01-31", "2024-02-01T08:30:00")),
                // identifiers
                arguments(
                        "select [odd name], \"Order\" from [contact] where [ODD NAME] = 'v'",
                        "SELECT [odd name], [Order]" + FROM + " WHERE [odd name] = @p1",
                        List.of("v")),
                arguments(
                        "select [order] from \"CONTACT\" order by \"order\" asc",
                        "SELECT [Order]" + FROM + " ORDER BY [Order]",
                        List.of()),
                // order by, limit
                arguments(
                        "select id from contact order by name, age desc, id asc",
                        SELECT_ID + " ORDER BY [name], [age] DESC, [id]",
                        List.of()),
                arguments("select id from contact limit 10", "SELECT TOP (@p1) [id]" + FROM, List.of(10L)),
                arguments(
                        "select * from contact where age > 18 order by age desc limit 5",
                        "SELECT TOP (@p1) " + CONTACT_COLUMNS + FROM + " WHERE [age] > @p2 ORDER BY [age] DESC",
                        List.of(5L, 18L)),
                arguments(
                        "SeLeCt id FrOm contact WhErE age Is NoT nUlL aNd name NoT LiKe 'x' Or age In (1) "
                                + "OrDeR bY id DeSc LiMiT 5",
                        "SELECT TOP (@p1) [id]" + FROM + " WHERE (([age] IS NOT NULL AND [name] NOT LIKE @p2) OR "
                                + "[age] IN (@p3)) ORDER BY [id] DESC",
                        List.of(5L, "x", 1L)),
                arguments(
                        "\n select\tid\r\nfrom contact  where age=1 ", SELECT_ID + " WHERE [age] = @p1", List.of(1L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void rendersSqlAndParameters(String query, String sql, List<Object> parameters) {
        SqlQuery rendered = QueryRenderer.render(QueryParser.parse(query), CONTACT);
        assertEquals(sql, rendered.sql());
        assertEquals(parameters, rendered.parameters());
    }

    @Test
    void starSelectsEveryColumnInOrdinalOrder() {
        Table shuffled = new Table(
                "dbo",
                "contact",
                false,
                List.of(
                        CONTACT.columns().get(2),
                        CONTACT.columns().get(0),
                        CONTACT.columns().get(1)));
        SqlQuery rendered = QueryRenderer.render(QueryParser.parse("select * from contact"), shuffled);
        assertEquals("SELECT [id], [name], [email] FROM [dbo].[contact]", rendered.sql());
        assertEquals(
                List.of("id", "name", "email"),
                rendered.columns().stream().map(Column::name).toList());
    }

    @Test
    void columnsAreTheCatalogColumnsInSelectOrder() {
        SqlQuery rendered = QueryRenderer.render(QueryParser.parse("select AGE, Id from contact"), CONTACT);
        assertEquals(
                List.of(
                        CONTACT.column("age").orElseThrow(),
                        CONTACT.column("id").orElseThrow()),
                rendered.columns());
    }

    @Test
    void namesAreQuotedAsTheCatalogSpellsThem() {
        SqlQuery rendered = QueryRenderer.render(
                QueryParser.parse("select [a]]b], \"x\"\"y\" from weird where [A]]B] = 1 order by \"X\"\"Y\""), WEIRD);
        assertEquals("SELECT [a]]b], [x\"y] FROM [dbo].[weird] WHERE [a]]b] = @p1 ORDER BY [x\"y]", rendered.sql());
    }

    @Test
    void anInjectedStringIsOneParameter() {
        SqlQuery rendered = QueryRenderer.render(
                QueryParser.parse("select * from contact where name = 'x''; drop table contact; --'"), CONTACT);
        assertEquals("SELECT " + CONTACT_COLUMNS + FROM + " WHERE [name] = @p1", rendered.sql());
        assertEquals(List.of("x'; drop table contact; --"), rendered.parameters());
    }

    @Test
    void anInjectedLikePatternIsOneParameter() {
        SqlQuery rendered = QueryRenderer.render(
                QueryParser.parse("select id from contact where name like '%'' or 1=1 --'"), CONTACT);
        assertEquals(SELECT_ID + " WHERE [name] LIKE @p1", rendered.sql());
        assertEquals(List.of("%' or 1=1 --"), rendered.parameters());
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                // query, position, fragment of the message
                arguments(
                        "select id, nme from contact",
                        12,
                        "unknown field 'nme' at position 12; 'contact' has no such column"),
                arguments("select id from contact where agee = 1", 30, "unknown field 'agee' at position 30"),
                arguments(
                        "select id from contact where age = 1 or (x in (1) and age = 2)",
                        42,
                        "unknown field 'x' at position 42"),
                arguments("select id from contact where not y is null", 34, "unknown field 'y' at position 34"),
                arguments("select id from contact where z not like 'a'", 30, "unknown field 'z' at position 30"),
                arguments("select id from contact order by age, nom desc", 38, "unknown field 'nom' at position 38"),
                arguments(
                        "select \"name]; drop table x; --\" from contact",
                        8,
                        "unknown field 'name]; drop table x; --' at position 8"),
                arguments(
                        "select [name]]; drop table x; --] from contact",
                        8,
                        "unknown field 'name]; drop table x; --' at position 8"),
                arguments(
                        "select * from contact where \"name] = 1; drop table x; --\" = 1",
                        29,
                        "unknown field 'name] = 1; drop table x; --' at position 29"),
                arguments(
                        "select * from contact order by [id]]; drop table x; --]",
                        32,
                        "unknown field 'id]; drop table x; --' at position 32"),
                arguments("select id, name, ID from contact", 18, "field 'ID' at position 18 is already selected"),
                arguments(
                        "select id from contact order by name, NAME desc",
                        39,
                        "field 'NAME' at position 39 is already in order by"),
                arguments(
                        "select id from contact order by notes",
                        33,
                        "cannot order by 'notes' at position 33: SQL Server cannot sort its type ntext"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void unknownAndUnusableFieldsAreRejectedAtTheirPosition(String query, int position, String fragment) {
        Query parsed = QueryParser.parse(query);
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryRenderer.render(parsed, CONTACT));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("select "), e.getMessage());
    }

    @Test
    void theTableMustBeTheQuerysObject() {
        Query query = QueryParser.parse("select * from contact");
        assertThrows(IllegalArgumentException.class, () -> QueryRenderer.render(query, ORDER_LINE));
        assertThrows(IllegalArgumentException.class, () -> QueryRenderer.renderPage(query, ORDER_LINE, 0, 10));
    }

    @Test
    void aHandBuiltComparisonCannotCarryAnOperatorIntoTheSql() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Condition.Comparison("age", "= 1; drop table contact; --", 1L, 1));
    }

    @Test
    void moreValuesThanSqlServerAcceptsAreRejected() {
        String values = String.join(", ", java.util.Collections.nCopies(QueryRenderer.MAX_PARAMETERS, "1"));
        QueryRenderer.render(QueryParser.parse("select id from contact where age in (" + values + ")"), CONTACT);
        Query tooMany = QueryParser.parse("select id from contact where age in (" + values + ") or id = 2");
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryRenderer.render(tooMany, CONTACT));
        assertTrue(e.getMessage().startsWith("too many values at position "), e.getMessage());
    }

    // ---- pages

    @Test
    void aPageOrdersByTheQuerysOrderThenThePrimaryKey() {
        Query query = QueryParser.parse("select name, age from contact where age > 1 order by age desc");
        SqlQuery page = QueryRenderer.renderPage(query, CONTACT, 200, 100).orElseThrow();
        assertEquals(
                "SELECT [name], [age] FROM [dbo].[contact] WHERE [age] > @p1 ORDER BY [age] DESC, [id] "
                        + "OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY",
                page.sql());
        assertEquals(List.of(1L, 200L, 100L), page.parameters());
        assertEquals(
                List.of("name", "age"),
                page.columns().stream().map(Column::name).toList());
    }

    @Test
    void aPrimaryKeyColumnAlreadyOrderedByIsNotRepeated() {
        SqlQuery page = QueryRenderer.renderPage(
                        QueryParser.parse("select name from contact order by ID desc"), CONTACT, 0, 50)
                .orElseThrow();
        assertEquals(
                "SELECT [name] FROM [dbo].[contact] ORDER BY [id] DESC OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY",
                page.sql());
        assertEquals(List.of(0L, 50L), page.parameters());
    }

    @Test
    void aCompositePrimaryKeyIsAppendedInItsOrder() {
        assertEquals(
                "SELECT [sku] FROM [sales].[order_line] ORDER BY [order_id], [line_no] "
                        + "OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY",
                QueryRenderer.renderPage(QueryParser.parse("select sku from order_line"), ORDER_LINE, 0, 10)
                        .orElseThrow()
                        .sql());
        assertEquals(
                "SELECT [sku] FROM [sales].[order_line] ORDER BY [line_no] DESC, [order_id] "
                        + "OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY",
                QueryRenderer.renderPage(
                                QueryParser.parse("select sku from order_line order by line_no desc"),
                                ORDER_LINE,
                                0,
                                10)
                        .orElseThrow()
                        .sql());
    }

    @Test
    void withoutAPrimaryKeyAPageOrdersByTheSelectedSortableColumns() {
        assertEquals(
                "SELECT [name], [age], [notes], [email] FROM [dbo].[contact_view] ORDER BY "
                        + "[name] COLLATE Latin1_General_BIN2, [age], [email] COLLATE Latin1_General_BIN2 "
                        + "OFFSET @p1 ROWS FETCH NEXT @p2 ROWS ONLY",
                QueryRenderer.renderPage(QueryParser.parse("select * from contact_view"), CONTACT_VIEW, 0, 10)
                        .orElseThrow()
                        .sql());
        SqlQuery page = QueryRenderer.renderPage(
                        QueryParser.parse(
                                "select email, name from contact_view where age < 3 order by age, email desc"),
                        CONTACT_VIEW,
                        30,
                        10)
                .orElseThrow();
        assertEquals(
                "SELECT [email], [name] FROM [dbo].[contact_view] WHERE [age] < @p1 ORDER BY "
                        + "[age], [email] DESC, [name] COLLATE Latin1_General_BIN2 OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY",
                page.sql());
        assertEquals(List.of(3L, 30L, 10L), page.parameters());
    }

    @Test
    void withoutAPrimaryKeyOrSortableColumnThereIsNoPage() {
        Query query = QueryParser.parse("select notes from contact_view");
        QuerySyntaxException e =
                assertThrows(QuerySyntaxException.class, () -> QueryRenderer.renderPage(query, CONTACT_VIEW, 0, 10));
        assertEquals(19, e.position());
        assertTrue(e.getMessage().startsWith("cannot page through 'contact_view' at position 19"), e.getMessage());
    }

    @Test
    void aLimitShortensTheLastPageAndEndsThePaging() {
        Query query = QueryParser.parse("select id from contact where age = 4 limit 250");
        String sql = SELECT_ID + " WHERE [age] = @p1 ORDER BY [id] OFFSET @p2 ROWS FETCH NEXT @p3 ROWS ONLY";
        assertEquals(
                Optional.of(new SqlQuery(
                        sql, List.of(4L, 0L, 100L), List.of(CONTACT.columns().get(0)))),
                QueryRenderer.renderPage(query, CONTACT, 0, 100));
        assertEquals(
                List.of(4L, 200L, 50L),
                QueryRenderer.renderPage(query, CONTACT, 200, 100).orElseThrow().parameters());
        assertEquals(
                List.of(4L, 249L, 1L),
                QueryRenderer.renderPage(query, CONTACT, 249, 100).orElseThrow().parameters());
        assertEquals(Optional.empty(), QueryRenderer.renderPage(query, CONTACT, 250, 100));
        assertEquals(Optional.empty(), QueryRenderer.renderPage(query, CONTACT, 300, 100));
    }

    @Test
    void withoutALimitThereIsAlwaysAPage() {
        SqlQuery page = QueryRenderer.renderPage(
                        QueryParser.parse("select id from contact"), CONTACT, Long.MAX_VALUE - 1, Integer.MAX_VALUE)
                .orElseThrow();
        assertEquals(List.of(Long.MAX_VALUE - 1, (long) Integer.MAX_VALUE), page.parameters());
    }

    @Test
    void aPageStillRejectsUnknownFieldsPastTheLimit() {
        Query query = QueryParser.parse("select id from contact where nope = 1 limit 5");
        assertThrows(QuerySyntaxException.class, () -> QueryRenderer.renderPage(query, CONTACT, 10, 10));
    }

    @Test
    void pageArgumentsAreChecked() {
        Query query = QueryParser.parse("select id from contact");
        assertThrows(IllegalArgumentException.class, () -> QueryRenderer.renderPage(query, CONTACT, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> QueryRenderer.renderPage(query, CONTACT, 0, 0));
    }
}
