package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.instance.TableFilter;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import dev.mssqlbulk.transform.Transformation;
import dev.mssqlbulk.transform.TransformationStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mssqlclient.MSSQLConnectOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.mssqlclient.MSSQLPool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transformation lives in the instance's database, not in a replica's memory. The "other replica" here is a
 * second {@link TransformationStore} of the same instance with its own Vert.x and its own connection pool to the
 * same database, constructed outside Quarkus, as a second process would: what one side writes, the other reads.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class TransformationAcrossReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BulkConfig config;

    @Inject
    ObjectMapper json;

    private Vertx vertx;
    private Instance otherReplica;
    private TransformationStore otherStore;

    @BeforeEach
    void startOtherReplica() {
        vertx = Vertx.vertx();
        BulkConfig.InstanceConfig test = config.instances().get("test");
        MSSQLPool pool = MSSQLPool.pool(
                vertx,
                MSSQLConnectOptions.fromUri(test.url()).setUser(test.username()).setPassword(test.password()),
                new PoolOptions().setMaxSize(2));
        otherReplica = new Instance("test", test, TableFilter.all(), pool, null);
        otherStore = new TransformationStore(json);
        Sql.execute("DELETE FROM [dbo].[crm_people]");
    }

    @AfterEach
    void stopOtherReplica() {
        otherReplica.pool().closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void aTransformationDefinedHereIsReadByAnotherReplica() {
        TransformationTest.define("crm_shared", TransformationTest.CRM).then().statusCode(200);
        Transformation seen =
                otherStore.find(otherReplica, "crm_shared").await().atMost(WAIT).orElseThrow();
        assertEquals("crm_people", seen.vendorName());
        assertEquals(
                List.of("Contact ID", "First Name", "E-mail", "DOB", "Age", "VIP"),
                seen.fields().stream().map(Transformation.Field::path).toList());
        assertEquals("dd/MM/yyyy", seen.fields().get(3).pattern());
        assertTrue(otherStore.list(otherReplica).await().atMost(WAIT).stream()
                .anyMatch(t -> t.resourceName().equals("crm_shared")));
    }

    @Test
    void whatAnotherReplicaStoresIsWhatThisOneUploadsWithAndDeletesHere() {
        TransformationTest.define("crm_handover", TransformationTest.CRM).then().statusCode(200);
        Transformation changed = new Transformation(
                "crm_handover",
                "crm_people",
                List.of(
                        new Transformation.Field("Key", "id", "number", null),
                        new Transformation.Field("Mail", "email", "string", null)));
        otherStore.put(otherReplica, changed).await().atMost(WAIT);

        Api.asTest()
                .get(Api.BASE + "/transformations/crm_handover")
                .then()
                .statusCode(200)
                .body("fields.path", equalTo(List.of("Key", "Mail")));
        String id = Api.upload("crm_handover", "Mail,Key\nz@example.com,9\n", null);
        Api.awaitEnd(id, Duration.ofSeconds(30)).then().body("recordsSucceededCount", equalTo(1));
        assertEquals(
                "z@example.com",
                Sql.query("SELECT [email] FROM [dbo].[crm_people] WHERE [id] = 9")
                        .get(0)
                        .getString("email"));

        assertTrue(otherStore.delete(otherReplica, "crm_handover").await().atMost(WAIT));
        Api.asTest().get(Api.BASE + "/transformations/crm_handover").then().statusCode(404);
    }
}
