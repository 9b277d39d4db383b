package dev.mssqlbulk.endtoend;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.MssqlTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One instance's token never reaches another instance's objects, jobs or data. */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class InstanceIsolationTest {

    @Test
    void eachInstanceListsOnlyTheTablesItsFilterExposes() {
        Api.as(Api.OTHER_AUTH)
                .get(Api.BASE + "/objects")
                .then()
                .statusCode(200)
                .body("$", equalTo(List.of("other_widgets")));
        Api.asTest()
                .get(Api.BASE + "/objects")
                .then()
                .statusCode(200)
                .body("$", hasItem("other_widgets"))
                .body("$", hasItem("people"));
    }

    @Test
    void anotherInstancesJobIs404ForStatusAndErrors() {
        String id = Api.upload("other_widgets", "id,name\n1,widget\n", null);
        Api.awaitEnd(id, Duration.ofSeconds(30));
        Api.as(Api.OTHER_AUTH).get(Api.BASE + "/bulk/" + id + "/status").then().statusCode(404);
        Api.as(Api.OTHER_AUTH).get(Api.BASE + "/bulk/" + id + "/errors").then().statusCode(404);
        Api.as(Api.OTHER_AUTH)
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + id + "/errors")
                .then()
                .statusCode(404);
    }

    @Test
    void anotherInstanceCannotUploadIntoATableItsFilterHides() {
        Api.as(Api.OTHER_AUTH)
                .multiPart("file", "c.csv", "id,last_name,email\n1,a,b\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(Api.BASE + "/bulk/contact")
                .then()
                .statusCode(404);
    }
}
