package dev.mssqlbulk.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pages by primary key: each page starts after the last key of the one before, whatever its position. */
class KeyPagingTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "select * from contact|true",
                "select id, name from contact where age > 3|true",
                "select name from contact|false",
                "select * from contact order by name|false",
                "select * from contact_view|false"
            })
    void pagesByKeyOnlyWithoutOwnOrderAndWithTheKeySelected(String query, boolean byKey) {
        var parsed = QueryParser.parse(query);
        var table = parsed.object().equals("contact_view") ? TestTables.CONTACT_VIEW : TestTables.CONTACT;
        assertEquals(byKey, QueryRenderer.pagesByKey(parsed, table));
    }

    @Test
    void theFirstPageHasNoKeyCondition() {
        SqlQuery page = QueryRenderer.renderKeyPage(
                        QueryParser.parse("select id, name from contact where age > 3"),
                        TestTables.CONTACT,
                        null,
                        0,
                        500)
                .orElseThrow();
        assertEquals(
                "SELECT TOP (@p1) [id], [name] FROM [dbo].[contact] WHERE ([age] > @p2) ORDER BY [id]", page.sql());
        assertEquals(List.of(500L, 3L), page.parameters());
    }

    @Test
    void aLaterPageStartsAfterTheLastCompositeKey() {
        SqlQuery page = QueryRenderer.renderKeyPage(
                        QueryParser.parse("select * from order_line"),
                        TestTables.ORDER_LINE,
                        List.of(7, (short) 3),
                        1000,
                        100)
                .orElseThrow();
        assertEquals(
                "SELECT TOP (@p1) [order_id], [line_no], [sku], [qty] FROM [sales].[order_line] WHERE "
                        + "(([order_id] > @p2) OR ([order_id] = @p3 AND [line_no] > @p4)) ORDER BY [order_id], [line_no]",
                page.sql());
        assertEquals(List.of(100L, 7, 7, (short) 3), page.parameters());
    }

    @Test
    void theLimitShortensTheLastPageAndEndsTheRest() {
        var query = QueryParser.parse("select * from contact limit 250");
        assertEquals(
                List.of(50L),
                QueryRenderer.renderKeyPage(query, TestTables.CONTACT, List.of(200), 200, 100)
                        .orElseThrow()
                        .parameters()
                        .subList(0, 1));
        assertTrue(QueryRenderer.renderKeyPage(query, TestTables.CONTACT, List.of(250), 250, 100)
                .isEmpty());
    }
}
