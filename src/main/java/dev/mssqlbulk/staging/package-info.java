/**
 * Where staged uploads and result files live between the request that brings them and the job that reads them:
 * a {@link dev.mssqlbulk.staging.StagingStore} on a local or shared directory, or in S3-compatible object storage,
 * so that any replica can resume any job. It uses the JDK, the AWS SDK and configuration only, nothing else of the
 * service: callers derive the object keys (never from the database) and decide what a failure means for a job.
 */
package dev.mssqlbulk.staging;
