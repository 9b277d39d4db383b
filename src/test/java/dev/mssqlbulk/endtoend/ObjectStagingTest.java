package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.Instances;
import dev.mssqlbulk.job.JobIds;
import dev.mssqlbulk.job.JobOptions;
import dev.mssqlbulk.job.JobRecord;
import dev.mssqlbulk.job.JobResumer;
import dev.mssqlbulk.job.JobStore;
import dev.mssqlbulk.staging.StagedObject;
import dev.mssqlbulk.staging.StagingCleaner;
import dev.mssqlbulk.staging.StagingPaths;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.Management;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.ResumedItems;
import dev.mssqlbulk.testing.S3ProxyFaultResource;
import dev.mssqlbulk.testing.Sql;
import dev.mssqlbulk.testing.TcpFaultProxy.Direction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code mssql-bulk.staging.type=s3}: uploads, their result files, downloads and a crashed job's
 * resume all go through the bucket (a real S3 API server), and nothing is left in the local staging directory
 * beyond the HTTP layer's scratch. The store sits behind a fault proxy: refused or stalled while an upload is stored,
 * the client gets 503 and no job exists; cut while a job reads, the job retries from its checkpoint.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
@WithTestResource(S3ProxyFaultResource.class)
class ObjectStagingTest {

    private static final String CSV = "id,label,amount\n1,one,1\n2,\"two, quoted\",2\n3,three,abc\n4,four,4\n"
            + "5,five,5\n6,six,6\n7,seven,7\n8,eight,8\n";

    @Inject
    StagingCleaner cleaner;

    @Inject
    Instances instances;

    @Inject
    JobStore store;

    @Inject
    JobResumer resumer;

    @Inject
    StagingPaths staging;

    @Inject
    BulkConfig config;

    /** The status tables exist before a test counts jobs in them (the resumer creates them in the background). */
    @BeforeEach
    void statusTables() {
        resumer.ensureTables(instances.byName("test").orElseThrow()).await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void storeAnswersAgain() {
        S3ProxyFaultResource.proxy().pass();
    }

    @Test
    void anUploadIsStoredInTheBucketAndRunsFromIt() throws IOException {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        String id = Api.upload("option_items", "id,label,amount\n1,one,1\n2,two,2\n", null);
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(2));
        assertEquals(2, Sql.count("[dbo].[option_items]"));
        assertTrue(S3ProxyFaultResource.direct().exists("test/" + id + ".csv"), "the upload is in the bucket");
        assertFalse(
                Files.exists(localStaging().resolve("test").resolve(id + ".csv")),
                "no copy in the local staging directory");
    }

    @Test
    void resultFilesOfAnUploadAreReadFromTheBucket() {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        String id = Api.upload("option_items", CSV, "{\"maxErrors\":0,\"bulkUploadRecordSize\":2}");
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("status", equalTo("ERROR"));
        assertEquals(
                List.of("id,label,amount", "1,one,1", "2,\"two, quoted\",2", "4,four,4"), results(id, "successful"));
        List<String> failed = results(id, "failed");
        assertEquals(2, failed.size());
        assertTrue(failed.get(1).startsWith("3,three,abc,"), failed.get(1));
        assertEquals(
                List.of("id,label,amount", "5,five,5", "6,six,6", "7,seven,7", "8,eight,8"),
                results(id, "unprocessed"));
    }

    @Test
    void afterTheRetentionTheObjectIsDeletedAndItsResultsAreGone() throws IOException {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        String id = Api.upload("option_items", CSV, "{\"maxErrors\":0,\"bulkUploadRecordSize\":2}");
        Api.awaitEnd(id, Duration.ofSeconds(30));
        assertTrue(cleaner.deleteExpired(
                        Instant.now().plus(config.resultsRetention()).plusSeconds(60))
                >= 1);
        assertFalse(S3ProxyFaultResource.direct().exists("test/" + id + ".csv"));
        Api.asTest()
                .queryParam("type", "successful")
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(410);
    }

    @Test
    void aDownloadWritesItsResultToTheBucketAndServesItFromThere() throws IOException {
        Sql.execute("DELETE FROM [dbo].[option_items]");
        String upload = Api.upload("option_items", "id,label,amount\n1,one,1\n2,\"two, quoted\",2\n", null);
        Api.awaitEnd(upload, Duration.ofSeconds(30)).then().body("status", equalTo("COMPLETE"));
        String id = Api.asTest()
                .queryParam("q", "select id, label from option_items order by id")
                .post(Api.BASE + "/bulk/query")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, Duration.ofSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(2));
        assertTrue(S3ProxyFaultResource.direct().exists("test/" + id + ".result.jsonl"));
        String csv = Api.asTest()
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + id + "/option_items")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                List.of("id,label", "1,one", "2,\"two, quoted\""), csv.lines().toList());
    }

    @Test
    void aCrashedJobResumesFromItsObjectInTheBucket() throws IOException {
        Instance instance = instances.byName("test").orElseThrow();
        resumer.ensureTables(instance).await().atMost(Duration.ofSeconds(10));
        int rows = 100;
        int committed = 40;
        ResumedItems.commit(committed);
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        long id = JobIds.next();
        JobOptions options = new JobOptions("create", null, 10, ',', null, false, null, null);
        Path local = Files.createTempFile("crashed", ".csv");
        Files.writeString(local, csv);
        S3ProxyFaultResource.direct().put("test/" + options.stagedFileName(id), local);
        JobRecord job = ResumedItems.runningJob(
                id,
                "create",
                "/crash.csv",
                rows,
                committed,
                options,
                staging.of("test", options.stagedFileName(id)),
                "replica-that-died",
                Instant.now());
        store.insert(instance, job).await().atMost(Duration.ofSeconds(10));
        ResumedItems.silence(id, config.jobLease().plusSeconds(5));

        // the resumer's next periodic scan (every half lease) finds the job and reads its object from the bucket
        Api.awaitEnd(String.valueOf(id), config.jobLease().plusSeconds(30))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsSucceededCount", equalTo(rows));
        assertEquals(rows, Sql.count("[dbo].[resumed_items]"));
    }

    @Test
    void aStoreRefusingConnectionsAnswers503AndRegistersNoJob() throws IOException {
        long jobs = Sql.count("[dbo].[mssql_bulk_job]");
        Set<String> stored = storedKeys();
        S3ProxyFaultResource.proxy().refuse();

        Response response = uploadRaw(CSV);

        response.then().statusCode(503).body("message", containsString("staging store"));
        assertNotNull(response.header("Retry-After"));
        S3ProxyFaultResource.proxy().pass();
        assertEquals(jobs, Sql.count("[dbo].[mssql_bulk_job]"), "no job was registered");
        assertEquals(stored, storedKeys(), "nothing was stored");
    }

    @Test
    void aStoreCuttingTheUploadWhileItIsStoredAnswers503AndKeepsNothing() throws IOException {
        String body = bigCsv(20_000);
        long jobs = Sql.count("[dbo].[mssql_bulk_job]");
        Set<String> stored = storedKeys();
        // the quota's listing passes; the object's body is cut after its first 64 KiB
        S3ProxyFaultResource.proxy().cutAfter(Direction.TO_SERVER, 64 * 1024);

        Response response = uploadRaw(body);

        response.then().statusCode(503).body("message", containsString("staging store"));
        assertNotNull(response.header("Retry-After"));
        S3ProxyFaultResource.proxy().pass();
        assertEquals(jobs, Sql.count("[dbo].[mssql_bulk_job]"), "no job was registered");
        assertEquals(stored, storedKeys(), "nothing was stored");
    }

    /**
     * A stalled store is given up on after the timeouts; the body it holds may still arrive and be stored once it
     * answers again (as with any store: the client cannot know). No job exists for it, so it is an orphan that the
     * service deletes as soon as the store answers, and retention cleaning would delete in any case.
     */
    @Test
    void aStoreStallingWhileTheUploadIsStoredAnswers503AndRegistersNoJob() throws IOException {
        String body = bigCsv(20_000);
        long jobs = Sql.count("[dbo].[mssql_bulk_job]");
        Set<String> stored = storedKeys();
        S3ProxyFaultResource.proxy().stallAfter(Direction.TO_SERVER, 64 * 1024);

        Response response = uploadRaw(body);

        response.then().statusCode(503).body("message", containsString("staging store"));
        assertNotNull(response.header("Retry-After"));
        S3ProxyFaultResource.proxy().pass();
        assertEquals(jobs, Sql.count("[dbo].[mssql_bulk_job]"), "no job was registered");
        Api.sleep(1000); // what the proxy held reaches the store
        cleaner.deleteExpired(Instant.now().plus(config.resultsRetention()).plusSeconds(60));
        Set<String> left = storedKeys();
        left.removeAll(stored);
        assertEquals(Set.of(), left, "no object of the refused upload remains");
    }

    @Test
    void aReadCutMidJobIsRetriedFromTheCheckpointAndWritesEveryRowOnce() {
        int rows = 50_000;
        String body = bigCsv(rows);
        long size = body.getBytes(StandardCharsets.UTF_8).length;
        Sql.execute("DELETE FROM [dbo].[resumed_items]");
        var proxy = S3ProxyFaultResource.proxy();
        long before = proxy.forwarded(Direction.TO_CLIENT);
        // the count reads the object once; the cut falls in the middle of the read that loads the rows
        long cutAt = size + size / 2;
        proxy.cutAfter(Direction.TO_CLIENT, cutAt);

        String id = Api.upload("resumed_items", body, "{\"bulkUploadRecordSize\":1000}");
        Instant deadline = Instant.now().plusSeconds(30);
        while (proxy.forwarded(Direction.TO_CLIENT) - before < cutAt
                && Instant.now().isBefore(deadline)) {
            Api.sleep(5);
        }
        proxy.pass();

        Api.awaitEnd(id, Duration.ofSeconds(90))
                .then()
                .body("status", equalTo("COMPLETE"))
                .body("recordsCount", equalTo(rows))
                .body("recordsSucceededCount", equalTo(rows))
                .body("recordsFailedCount", equalTo(0));
        assertEquals(rows, Sql.count("[dbo].[resumed_items]"));
        assertTrue(proxy.forwarded(Direction.TO_CLIENT) - before > 2 * size, "the object was read again after the cut");
    }

    @Test
    void readinessFollowsTheBucket() {
        String staging = "checks.find { it.name == 'staging' }.status";
        Management.request().get("/health/ready").then().statusCode(200).body(staging, equalTo("UP"));
        S3ProxyFaultResource.proxy().refuse();
        Management.request().get("/health/ready").then().statusCode(503).body(staging, equalTo("DOWN"));
        S3ProxyFaultResource.proxy().pass();
        Management.request().get("/health/ready").then().statusCode(200).body(staging, equalTo("UP"));
    }

    private static Response uploadRaw(String csv) {
        return Api.asTest()
                .multiPart("file", "option_items.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/option_items");
    }

    private static String bigCsv(int rows) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",item number ").append(i).append('\n');
        }
        return csv.toString();
    }

    private static Set<String> storedKeys() throws IOException {
        return S3ProxyFaultResource.direct().list("").stream()
                .map(StagedObject::key)
                .collect(Collectors.toSet());
    }

    private static List<String> results(String id, String type) {
        return Api.asTest()
                .queryParam("type", type)
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
    }

    private Path localStaging() {
        return config.stagingDirectory();
    }
}
