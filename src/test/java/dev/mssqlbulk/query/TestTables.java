package dev.mssqlbulk.query;

import dev.mssqlbulk.catalog.Column;
import dev.mssqlbulk.catalog.Table;
import java.util.List;

/** Catalog tables for the query tests. */
final class TestTables {

    /** A table with a one-column primary key, odd names and a type that cannot be sorted. */
    static final Table CONTACT = new Table(
            "dbo",
            "contact",
            false,
            List.of(
                    column("id", 1, "int", true),
                    column("name", 2, "nvarchar", false),
                    column("email", 3, "varchar", false),
                    column("age", 4, "int", false),
                    column("balance", 5, "decimal", false),
                    column("active", 6, "bit", false),
                    column("created", 7, "datetime2", false),
                    column("notes", 8, "ntext", false),
                    column("odd name", 9, "nvarchar", false),
                    column("Order", 10, "int", false)));

    static final String CONTACT_COLUMNS =
            "[id], [name], [email], [age], [balance], [active], [created], [notes], [odd name], [Order]";

    /** A table with a two-column primary key. */
    static final Table ORDER_LINE = new Table(
            "sales",
            "order_line",
            false,
            List.of(
                    column("order_id", 1, "int", true),
                    column("line_no", 2, "smallint", true),
                    column("sku", 3, "varchar", false),
                    column("qty", 4, "int", false)));

    /** A view: no primary key. */
    static final Table CONTACT_VIEW = new Table(
            "dbo",
            "contact_view",
            true,
            List.of(
                    column("name", 1, "nvarchar", false),
                    column("age", 2, "int", false),
                    column("notes", 3, "ntext", false),
                    column("email", 4, "char", false)));

    /** Column names that need escaping when quoted. */
    static final Table WEIRD =
            new Table("dbo", "weird", false, List.of(column("a]b", 1, "int", false), column("x\"y", 2, "int", false)));

    private TestTables() {}

    private static Column column(String name, int ordinal, String type, boolean primaryKey) {
        return new Column(name, ordinal, type, !primaryKey, null, null, null, false, false, false, primaryKey);
    }
}
