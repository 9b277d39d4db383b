package dev.mssqlbulk.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests to the management interface (health, metrics), which listens on a port of its own. */
public final class Management {

    private Management() {}

    /** A request whose paths are relative to the management root ({@code /q}): {@code get("/health/ready")}. */
    public static RequestSpecification request() {
        URI root = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return given().baseUri(root.getScheme() + "://" + root.getHost())
                .port(root.getPort())
                .basePath(root.getPath());
    }
}
