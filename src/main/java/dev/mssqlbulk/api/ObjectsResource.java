package dev.mssqlbulk.api;

import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.UnknownObjectException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** Discovery: the objects the caller's instance exposes, and their fields. The hub segment may be any name. */
@Path("/elements/api-v2/hubs/{hub}/objects")
@Produces(MediaType.APPLICATION_JSON)
public class ObjectsResource {

    private final Catalog catalog;
    private final Caller caller;

    public ObjectsResource(Catalog catalog, Caller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    public Uni<List<String>> objects() {
        return catalog.objectNames(caller.instance());
    }

    @GET
    @Path("{objectName}/metadata")
    public Uni<ObjectMetadata> metadata(@RestPath String objectName) {
        return catalog.table(caller.instance(), objectName)
                .map(found -> ObjectMetadata.of(found.orElseThrow(() -> new UnknownObjectException(objectName))));
    }
}
