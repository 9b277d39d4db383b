package dev.mssqlbulk.api;

import dev.mssqlbulk.transform.Transformation;
import dev.mssqlbulk.transform.Transformations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Transformations of the caller's instance: a resource name whose fields map onto a table's columns, so that files
 * in the resource's field names can be uploaded to ({@code POST /bulk/{resourceName}}) and downloaded from it.
 */
@Path("/elements/api-v2/hubs/{hub}/transformations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transformations")
@APIResponse(
        responseCode = "401",
        description = "Missing or wrong Authorization",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class TransformationsResource {

    static final String SHAPE = """
            {"vendorName": "<table>", "fields": [{"path": "<field in files: a CSV header, or a JSON path such as \
            address.city or items[0].id>", "vendorPath": "<column>", "type": "string | number | boolean | date", \
            "configuration": [{"properties": {"pattern": "<java.time pattern for a date, e.g. dd/MM/yyyy>"}}]}]}""";

    private final Transformations transformations;
    private final Caller caller;

    public TransformationsResource(Transformations transformations, Caller caller) {
        this.transformations = transformations;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The instance's transformations", description = "Ordered by resource name.")
    public Uni<List<Transformation>> list() {
        return transformations.list(caller.instance());
    }

    @PUT
    @Path("{resourceName}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Define (or replace) a resource's transformation",
            description = "Body: " + SHAPE
                    + " Checked against the table's metadata when saved; stored in the instance's own database, so every "
                    + "replica sees it. A resource named like a table takes its place for uploads and queries.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Transformation.class)))
    @APIResponse(responseCode = "200", description = "The stored transformation")
    @APIResponse(
            responseCode = "400",
            description = "Malformed definition, unknown table or column, a type the "
                    + "column cannot take, a bad date pattern; the message names the field",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Transformation> define(
            @RestPath @Parameter(description = "The resource's name") String resourceName, String body) {
        return transformations.define(caller.instance(), resourceName, body);
    }

    @GET
    @Path("{resourceName}")
    @Operation(summary = "A resource's transformation")
    @APIResponse(
            responseCode = "404",
            description = "No transformation of that name",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Transformation> get(@RestPath String resourceName) {
        return transformations
                .find(caller.instance(), resourceName)
                .map(found -> found.orElseThrow(() -> notFound(resourceName)));
    }

    @DELETE
    @Path("{resourceName}")
    @Operation(
            summary = "Delete a resource's transformation",
            description = "Jobs already accepted keep the " + "copy they were started with.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "No transformation of that name",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RestResponse<Void>> delete(@RestPath String resourceName) {
        return transformations.delete(caller.instance(), resourceName).map(deleted -> {
            if (!deleted) {
                throw notFound(resourceName);
            }
            return RestResponse.noContent();
        });
    }

    private static ApiException notFound(String resourceName) {
        return new ApiException(404, "no transformation named '" + resourceName + "'");
    }
}
