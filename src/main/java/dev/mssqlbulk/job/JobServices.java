package dev.mssqlbulk.job;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.write.RowWriter;

/** What a job run needs from the application, handed over in one piece. */
record JobServices(Catalog catalog, JobStore store, JobRegistry registry, RowWriter writer, BulkConfig config,
                   String nodeId) {
}
