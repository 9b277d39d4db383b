package dev.mssqlbulk.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The HTTP API as a client uses it, with the test instances' credentials. */
public final class Api {

    public static final String BASE = "/elements/api-v2/hubs/marketing";
    public static final String TEST_AUTH = "Element test-element-token, User test-user-secret";
    public static final String OTHER_AUTH = "Element other-element-token, User other-user-secret";
    /** The instance {@code batch}: the test database again, written with prepared statements only. */
    public static final String BATCH_AUTH = "Element batch-element-token, User batch-user-secret";
    /** The instance {@code strict}: the test database again, bulk copy required for creates. */
    public static final String STRICT_AUTH = "Element strict-element-token, User strict-user-secret";

    private Api() {}

    public static RequestSpecification as(String authorization) {
        return RestAssured.given().header("Authorization", authorization);
    }

    public static RequestSpecification asTest() {
        return as(TEST_AUTH);
    }

    /** Uploads CSV text as the multipart part {@code file} and returns the new job's id. */
    public static String upload(String object, String csv, String metaData) {
        return upload(TEST_AUTH, object, csv, metaData);
    }

    /** As {@link #upload(String, String, String)}, as the instance of {@code authorization}. */
    public static String upload(String authorization, String object, String csv, String metaData) {
        RequestSpecification request =
                as(authorization).multiPart("file", object + ".csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv");
        if (metaData != null) {
            request.multiPart("metaData", metaData, "application/json");
        }
        Response response = request.post(BASE + "/bulk/" + object);
        response.then().statusCode(200);
        return response.jsonPath().getString("id");
    }

    public static Response status(String id) {
        return status(TEST_AUTH, id);
    }

    public static Response status(String authorization, String id) {
        return as(authorization).get(BASE + "/bulk/" + id + "/status");
    }

    /** Polls the job's status until it has ended, and returns the last status reply. */
    public static Response awaitEnd(String id, Duration timeout) {
        return awaitEnd(TEST_AUTH, id, timeout);
    }

    public static Response awaitEnd(String authorization, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Response status = status(authorization, id);
            status.then().statusCode(200);
            String state = status.jsonPath().getString("status");
            if (state.equals("COMPLETE") || state.equals("ERROR") || state.equals("CANCELLED")) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "job " + id + " still " + state + " after " + timeout + ": " + status.asString());
            }
            sleep(50);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
