package dev.mssqlbulk.instance;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code mssql-bulk.}; every key can be set as {@code MSSQL_BULK_...} environment variable. */
@ConfigMapping(prefix = "mssql-bulk")
public interface BulkConfig {

    /** Connector instances by name: {@code mssql-bulk.instances.<name>.*}. */
    Map<String, InstanceConfig> instances();

    /** Where uploads are staged until their job ends. Share it between replicas to let any of them resume a job. */
    @WithDefault("${java.io.tmpdir}/mssql-bulk")
    Path stagingDirectory();

    /**
     * How long an ended job's staged upload is kept, to serve its result files (successful, failed, unprocessed
     * rows); then it is deleted.
     */
    @WithDefault("3D")
    Duration resultsRetention();

    /** Largest accepted upload body. */
    @WithDefault("2G")
    MemorySize maxUploadSize();

    /**
     * Free space the staging directory's file system must keep: below it, uploads are refused with 507 before
     * their body is read (the floor protects the jobs already staged, and the rest of the pod's disk).
     */
    @WithDefault("1G")
    MemorySize stagingFreeSpaceFloor();

    /** Largest result file a download job may write; a larger result ends the job ERROR. */
    @WithDefault("2G")
    MemorySize maxResultSize();

    /**
     * How long the status-table rows of an ended job (its job row, failed rows and idempotency key) are kept;
     * then they are deleted. Defaults to {@link #resultsRetention()}.
     */
    Optional<Duration> rowRetention();

    /** Identifies this replica as the owner of the jobs it runs; defaults to the host name. */
    Optional<String> nodeId();

    /**
     * How long a job's owner may stay silent before another replica may take the job over. Silence is measured by
     * the database's clock ({@code SYSUTCDATETIME()}), never by comparing replicas' clocks.
     */
    @WithDefault("2M")
    Duration jobLease();

    /**
     * A running job whose checkpoint has not moved for this long stops renewing its lease, so that another replica
     * takes it over (its stuck run can no longer write: the takeover's claim fences it). Longer than the longest
     * batch may take ({@code bulk-copy-timeout} plus {@code statement-timeout}).
     */
    @WithDefault("15M")
    Duration jobStallTimeout();

    /** Longest {@code Prefer: wait=<seconds>} honoured on an upload or a status read. */
    @WithDefault("5M")
    Duration maxPreferWait();

    Batch batch();

    Retry retry();

    Health health();

    Registry registry();

    /** The in-memory registry of jobs (see {@code JobRegistry}). */
    interface Registry {
        /** Ended jobs kept in memory at most (least recently read first out); the status table has them all. */
        @WithDefault("1000")
        long endedJobs();

        /** How long an ended job stays in memory after it was last read. */
        @WithDefault("10M")
        Duration endedTtl();
    }

    /** What the health endpoints tell. */
    interface Health {
        /**
         * Whether readiness names each instance with its database's error text. On by default when the management
         * interface serves health (on its own port, not reachable through the public Service), off when health is
         * on the public port: instance names and driver messages (hosts, addresses, logins) are for operators.
         */
        @WithDefault("${quarkus.management.enabled:false}")
        boolean details();
    }

    interface Batch {
        /** Smallest {@code bulkUploadRecordSize} a client may ask for (it is kept and shown on the job). */
        @WithDefault("1")
        int minSize();

        /** Largest {@code bulkUploadRecordSize} a client may ask for. */
        @WithDefault("5000")
        int maxSize();

        /**
         * Whether the service sizes an upload's batches itself, by rows, bytes and time (a bad row never fails its
         * neighbours, so small batches buy a client nothing), rather than by the client's
         * {@code bulkUploadRecordSize}. Either way a batch never holds more than {@code max-bytes}.
         */
        @WithDefault("true")
        boolean adaptive();

        /** Rows of an adaptive run's first batch: small, so that a job shows progress at once. */
        @WithDefault("1000")
        int initialRows();

        /**
         * Most rows of an adaptive batch. Two batches are alive at any moment (one converting, one on the wire), and
         * with a small heap and the serial collector a JVM in a small container uses, every young collection copies
         * them: at 20,000 rows that was a quarter of the service's CPU in the benchmark, at 10,000 an eighth, while
         * larger batches saved only a round trip per 10,000 rows.
         */
        @WithDefault("10000")
        int maxRows();

        /**
         * Most bytes of upload text in one batch, whatever its rows: with at most two batches in memory (one
         * converting, one on the wire) this bounds a job's heap however wide its rows are.
         */
        @WithDefault("16M")
        MemorySize maxBytes();

        /** How long an adaptive batch should take to commit: batches grow while they are faster, shrink when slower. */
        @WithDefault("2S")
        Duration targetDuration();
    }

    /** Retries of transient database failures (lost connection, deadlock, throttling). */
    interface Retry {
        @WithDefault("6")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface InstanceConfig {
        /** The element token that selects this instance in {@code Authorization: Element <token>, User <secret>}. */
        String elementToken();

        /** User secrets accepted for this instance. */
        List<String> userSecrets();

        /** {@code sqlserver://host:port/database}. */
        String url();

        String username();

        String password();

        @WithDefault("dbo")
        String schema();

        /** Table name patterns with {@code *} wildcards, case-insensitive; all tables when absent. */
        Optional<List<String>> tableNames();

        @WithDefault("false")
        boolean includeViews();

        @WithDefault("500")
        int bulkUploadRecordSize();

        @WithDefault("2")
        int maxConcurrentJobs();

        /** Jobs that may wait for a slot on one replica; beyond that uploads get 429 with Retry-After. */
        @WithDefault("50")
        int maxQueuedJobs();

        /** Bytes of staged uploads and results this instance may hold; beyond, uploads get 507. */
        @WithDefault("20G")
        MemorySize maxStagedBytes();

        /** Staged uploads and results (one per job, kept for the results retention) this instance may hold. */
        @WithDefault("1000")
        int maxStagedJobs();

        @WithDefault("8")
        int poolSize();

        /**
         * How {@code create} uploads are written: {@code auto} (bulk copy where the table allows it),
         * {@code bulk-copy} or {@code batch} (prepared statements).
         */
        @WithDefault("auto")
        WriteMode writeMode();

        /** Longest one bulk copy of one batch may run before it is abandoned (and retried as a transient failure). */
        @WithDefault("10M")
        Duration bulkCopyTimeout();

        /**
         * Longest wait for any other answer of the database (a statement, a checkpoint, a COMMIT, a status read):
         * past it the connection is dropped and the work retried as a transient failure. Bounds what a half-open
         * TCP connection can hang.
         */
        @WithDefault("2M")
        Duration statementTimeout();

        /**
         * Extra mssql-jdbc connection properties for the bulk-copy connections, e.g. {@code encrypt=true},
         * {@code trustServerCertificate}, {@code hostNameInCertificate}, {@code loginTimeout}.
         */
        Map<String, String> jdbcProperties();

        Optional<String> signatureKey();
    }
}
