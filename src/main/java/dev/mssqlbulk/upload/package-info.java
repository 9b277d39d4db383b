/**
 * The life of an upload: accepting it ({@code BulkUploads}: every check a client can fail before a job exists,
 * idempotency keys, staging the file), and running it ({@code UploadRun}: count, plan, read, convert, and hand each
 * batch to the one {@code BatchCommitter} chosen for the run, by statements or by bulk copy, each committing rows,
 * failed rows and checkpoint in one transaction). May use {@code job} and everything below it.
 */
package dev.mssqlbulk.upload;
