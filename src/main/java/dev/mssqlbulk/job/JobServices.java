package dev.mssqlbulk.job;

import dev.mssqlbulk.instance.BulkConfig;

/** What a job run needs from the application, handed over in one piece. */
record JobServices(JobStore store, JobRegistry registry, BulkConfig config, String nodeId) {}
