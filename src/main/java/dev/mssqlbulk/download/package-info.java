/**
 * What a client downloads: query jobs (checked before they exist, run a page at a time into a result file by
 * {@code QueryRun}), result files streamed as CSV or JSON, and the successful, failed and unprocessed rows of an
 * upload. May use {@code job} and everything below it, but not {@code upload}.
 */
package dev.mssqlbulk.download;
