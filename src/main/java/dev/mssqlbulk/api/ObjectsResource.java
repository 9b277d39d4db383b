package dev.mssqlbulk.api;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.UnknownObjectException;
import dev.mssqlbulk.transform.Transformations;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Discovery: the objects the caller's instance exposes, and their fields. The hub segment may be any name. */
@Path("/elements/api-v2/hubs/{hub}/objects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "objects")
public class ObjectsResource {

    private final Catalog catalog;
    private final Transformations transformations;
    private final Caller caller;

    public ObjectsResource(Catalog catalog, Transformations transformations, Caller caller) {
        this.catalog = catalog;
        this.transformations = transformations;
        this.caller = caller;
    }

    @GET
    @Operation(
            summary = "The tables (and views, if configured) the instance exposes",
            description = "Names come from the catalog of the instance's schema, filtered by its table-names patterns. "
                    + "Resources (transformations) are listed by GET /transformations.")
    public Uni<List<String>> objects() {
        return catalog.objectNames(caller.instance());
    }

    @GET
    @Path("{objectName}/metadata")
    @Operation(
            summary = "An object's fields",
            description = "path, vendorPath, type, vendorNativeType, vendorRequired, "
                    + "vendorReadOnly, primaryKey, identity, maxLength, precision, scale. For a resource (the name of a "
                    + "transformation): its fields' paths, types (string, number, boolean, date) and date patterns, each with "
                    + "the column it maps to, and vendorName, the table.")
    @APIResponse(
            responseCode = "404",
            description = "Unknown object",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<ObjectMetadata> metadata(@RestPath String objectName) {
        return transformations
                .resource(caller.instance(), objectName)
                .flatMap(resource -> resource.isPresent()
                        ? Uni.createFrom()
                                .item(ObjectMetadata.of(
                                        resource.get().mapping(), resource.get().table()))
                        : catalog.table(caller.instance(), objectName)
                                .map(found -> ObjectMetadata.of(
                                        found.orElseThrow(() -> new UnknownObjectException(objectName)))));
    }
}
