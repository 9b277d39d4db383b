package dev.mssqlbulk.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's header: what the service is and how a client authenticates. */
@OpenAPIDefinition(
        info = @Info(title = "mssql-bulk", version = "1.0.0", description = """
                Bulk loads CSV, JSON and JSON Lines uploads into Microsoft SQL Server, in the dialect of the SAP Open \
                Connectors SQL Server connector's bulk API. Every row fails or lands on its own; each batch commits \
                with the job's checkpoint, so a job survives lost connections and restarts without losing or \
                repeating rows. Errors are JSON: {"requestId": "...", "message": "..."}."""),
        tags = {
            @Tag(name = "objects", description = "Tables the instance exposes"),
            @Tag(name = "bulk", description = "Upload jobs: create, watch, list, cancel, read failed rows")
        },
        security = @SecurityRequirement(name = "element"))
@SecurityScheme(
        securitySchemeName = "element",
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        apiKeyName = "Authorization",
        description = "Authorization: Element <elementToken>, User <userSecret> (either order). The element token "
                + "selects the connector instance; a missing or wrong one gets 401.")
public class OpenApiDefinition extends Application {}
