package dev.mssqlbulk.job;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;

import java.util.concurrent.Executor;

/** What a job run needs from the application, handed over in one piece. */
record JobServices(Catalog catalog, JobStore store, JobRegistry registry, JobMetrics metrics, BulkConfig config,
                   String nodeId, Executor bulkCopyWorkers) {
}
