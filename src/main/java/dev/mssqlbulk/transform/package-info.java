/**
 * Transformations, as the Open Connectors platform has them: a named resource whose fields (file headers or JSON
 * paths, each with a type and, for dates, a pattern) map onto the columns of one table. Here lives the model, its
 * validation against the catalog, its status table ({@code mssql_bulk_transformation}, one per instance database,
 * so every replica sees the same definitions), and the two places a mapping acts: a reader that turns a file in the
 * resource's fields into rows in the table's columns, and the formatting of downloaded values back into fields.
 *
 * <p>It may use {@code query}, {@code ingest}, {@code catalog}, {@code instance} and {@code sqlserver} (the text of a
 * value read from the server); jobs and the API use it, never the other way round.
 */
package dev.mssqlbulk.transform;
