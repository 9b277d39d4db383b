/**
 * Writing one batch of converted rows on a connection that is already in the batch's transaction: the write plan,
 * prepared statements (insert, update, delete, upsert without MERGE) and the bulk-copy writer with how each value
 * reaches {@code SQLServerBulkCopy}, and whether a plan may use bulk copy at all. Transactions and checkpoints are
 * the caller's ({@code upload}). May use {@code ingest}, {@code catalog}, {@code instance} and {@code sqlserver}.
 */
package dev.mssqlbulk.write;
