/**
 * The query language of bulk download jobs ({@code POST /bulk/query?q=...}): the Open Connectors family's
 * SQL-like CEQL, parsed into a {@link dev.mssqlbulk.query.Query} and rendered as parameterised T-SQL.
 *
 * <p>The parser is a small hand-written recursive-descent parser rather than a generated one: the grammar is a
 * dozen rules, so a generator (and its build plugin and runtime) would cost more than the code it replaces. Writing
 * it by hand also lets every failure name the offending token, its 1-based position and what was expected there
 * in plain words, which is what a caller of the API needs to fix a query.
 *
 * <pre>
 * query      = "select" ( "*" | field { "," field } ) "from" object
 *              [ "where" or ] [ "order" "by" order { "," order } ] [ "limit" integer ]
 * or         = and { "or" and }
 * and        = not { "and" not }
 * not        = "not" not | "(" or ")" | predicate
 * predicate  = field ( op value | [ "not" ] "like" string | [ "not" ] "in" "(" value { "," value } ")"
 *                    | "is" [ "not" ] "null" )
 * op         = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * value      = string | integer | decimal | "true" | "false"
 * order      = field [ "asc" | "desc" ]
 * </pre>
 *
 * <p>Keywords are case-insensitive and reserved: a field or object named like one is written {@code [order]} or
 * {@code "order"}. Identifiers are bare ({@code [A-Za-z_][A-Za-z0-9_]*}), bracketed ({@code [odd name]},
 * {@code ]]} escapes {@code ]}) or double-quoted ({@code ""} escapes {@code "}). Strings are single-quoted
 * ({@code ''} escapes {@code '}); dates are written as strings and converted by SQL Server. Numbers are
 * {@code -?digits[.digits]}. Nothing from the query is ever spliced into SQL: names are resolved against the
 * catalog and bracket-quoted from the catalog's spelling, values become parameters {@code @p1, @p2, ...}.
 */
package dev.mssqlbulk.query;
