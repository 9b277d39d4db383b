/**
 * The tables and views an instance exposes as objects, read from the server's catalog and cached: their columns,
 * types, keys and defaults. The service's own tables are never exposed. May use {@code instance} and
 * {@code sqlserver}.
 */
package dev.mssqlbulk.catalog;
