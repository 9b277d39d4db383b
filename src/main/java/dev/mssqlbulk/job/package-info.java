/**
 * A job whatever its kind: its record (a fixed definition and a changing progress), the status tables that hold it
 * ({@code JobStore}: claims, fences, leases, checkpoints, failed rows), the registry that answers status, the runner
 * and its run skeleton ({@code JobRun}: claim, passes retried with one backoff policy, end), the resumer that picks up
 * unfinished jobs, cancel and control, callbacks, metrics and retention. What a run of each kind does lives in
 * {@code upload} and {@code download}, found as {@code JobKind} beans. May use {@code callback}, {@code staging},
 * {@code transform}, {@code ingest}, {@code instance} and {@code sqlserver}.
 */
package dev.mssqlbulk.job;
