/**
 * Where a job's files live: staged uploads and download results, by paths the service derives itself (never read
 * from the database), the per-instance quota and free-space floor, and the cleaning of files whose jobs ended.
 * May use {@code instance}.
 */
package dev.mssqlbulk.staging;
