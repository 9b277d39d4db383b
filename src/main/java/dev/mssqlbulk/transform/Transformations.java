package dev.mssqlbulk.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.catalog.Catalog;
import dev.mssqlbulk.catalog.Table;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.Instance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Defining, reading and resolving transformations. A definition is checked against the table's catalog metadata
 * when it is saved and again whenever it is used (the table may have changed since), and a stored transformation
 * takes precedence over a table of the same name: clients upload to and query the resource's name.
 */
@ApplicationScoped
public class Transformations {

    static final int MAX_NAME_LENGTH = 128;

    private final Catalog catalog;
    private final TransformationStore store;
    private final ObjectMapper json;

    public Transformations(Catalog catalog, TransformationStore store, ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.json = json;
    }

    /** A resource: its checked mapping and the table it maps to. */
    public record Resource(ResourceMapping mapping, Table table) {}

    /**
     * Checks and stores {@code body} (JSON) as the transformation of {@code resourceName}.
     *
     * @throws UploadRejected naming the field, for a definition that is malformed or does not fit the table
     */
    public Uni<Transformation> define(Instance instance, String resourceName, String body) {
        String name = checkName(resourceName);
        Transformation given = parse(body, "the body");
        if (given.resourceName() != null && !given.resourceName().equalsIgnoreCase(name)) {
            throw new UploadRejected(
                    "resourceName '" + given.resourceName() + "' in the body differs from '" + name + "' in the path");
        }
        Transformation definition = given.named(name);
        return resolve(instance, definition)
                .flatMap(resource -> store.put(instance, definition))
                .replaceWith(definition);
    }

    public Uni<Optional<Transformation>> find(Instance instance, String resourceName) {
        return store.find(instance, resourceName);
    }

    public Uni<List<Transformation>> list(Instance instance) {
        return store.list(instance);
    }

    public Uni<Boolean> delete(Instance instance, String resourceName) {
        return store.delete(instance, resourceName);
    }

    /** The stored resource of that name, checked against its table; empty when no transformation has the name. */
    public Uni<Optional<Resource>> resource(Instance instance, String resourceName) {
        return store.find(instance, resourceName)
                .flatMap(found -> found.isEmpty()
                        ? Uni.createFrom().item(Optional.<Resource>empty())
                        : resolve(instance, found.get()).map(Optional::of));
    }

    /** Checks {@code definition} and looks up its table. */
    public Uni<Resource> resolve(Instance instance, Transformation definition) {
        ResourceMapping mapping = ResourceMapping.compile(definition);
        return catalog.table(instance, definition.vendorName()).map(found -> {
            Table table = found.orElseThrow(() -> new UploadRejected("transformation"
                    + (definition.resourceName() == null ? "" : " '" + definition.resourceName() + "'")
                    + ": vendorName '" + definition.vendorName() + "' is not a table this instance exposes"));
            return new Resource(mapping.check(table), table);
        });
    }

    /** Reads a transformation's JSON (the body of a PUT, or an upload's inline {@code metaData.transformation}). */
    public Transformation parse(String text, String what) {
        try {
            JsonNode node = json.readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw new UploadRejected(what + " must be a JSON object with vendorName and fields");
            }
            return parse(node, what);
        } catch (JsonProcessingException e) {
            throw new UploadRejected(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public Transformation parse(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new UploadRejected(what + " must be a JSON object with vendorName and fields");
        }
        try {
            return json.treeToValue(node, Transformation.class);
        } catch (JsonProcessingException e) {
            throw new UploadRejected(what + " is not a transformation: " + e.getOriginalMessage());
        }
    }

    private static String checkName(String resourceName) {
        String name = resourceName == null ? "" : resourceName.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new UploadRejected("a resource name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }
}
