/**
 * Reading an upload and turning it into rows: UTF-8 decoding that never stops at a bad byte, the CSV and JSON
 * readers, column mapping, per-column value converters with per-row errors, batch sizing, and the
 * {@code IsolatingBatchRunner} that finds the rows a server refuses. No database is touched here. May use
 * {@code catalog} and {@code sqlserver}.
 */
package dev.mssqlbulk.ingest;
