/**
 * Where staged uploads and result files live between the request that brings them and the job that reads them: a
 * {@link dev.mssqlbulk.staging.StagingStore} on a local or shared directory, or in S3-compatible object storage, so
 * that any replica can resume any job; the keys and paths the service derives itself (never read from the
 * database; {@link dev.mssqlbulk.staging.StagedFiles} maps a job's derived path to its key), the per-instance quota
 * and free-space floor, the cleaning of files whose jobs ended, and the bucket's readiness check. May use
 * {@code instance}, the JDK and the AWS SDK; callers decide what a failure means for a job.
 */
package dev.mssqlbulk.staging;
