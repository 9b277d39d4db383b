package dev.mssqlbulk.transform;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A transformation as a client defines it ({@code PUT /transformations/{resourceName}}) and as it is stored, both
 * in the status table and with every job that uses it (so that a job resumed later, on any replica, maps its file
 * exactly as it did when it was accepted, whatever happened to the stored definition since).
 *
 * @param resourceName the name clients upload to and query; taken from the request path
 * @param vendorName   the table the resource's rows live in
 * @param fields       one entry per resource field
 */
@RegisterForReflection(targets = {Transformation.class, Transformation.Field.class, Transformation.Configuration.class})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transformation(String resourceName, String vendorName, List<Field> fields) {

    public Transformation {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public Transformation named(String name) {
        return new Transformation(name, vendorName, fields);
    }

    /**
     * One field of the resource.
     *
     * @param path          the field's name in files: a CSV header, or a JSON path such as {@code address.city} or
     *                      {@code items[0].id}
     * @param vendorPath    the column it is written to and read from
     * @param type          {@code string}, {@code number}, {@code boolean} or {@code date}; default {@code string}
     * @param configuration Open Connectors' shape for options: {@code [{"properties": {"pattern": "dd/MM/yyyy"}}]}
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Field(String path, String vendorPath, String type, List<Configuration> configuration) {

        public Field {
            configuration = configuration == null ? List.of() : List.copyOf(configuration);
        }

        /** The date pattern of the field's configuration, or null. */
        public String pattern() {
            return configuration.stream()
                    .map(Configuration::properties)
                    .filter(p -> p != null && p.get("pattern") != null)
                    .map(p -> p.get("pattern"))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** @param type as Open Connectors writes it (e.g. {@code date}); informative only */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Configuration(String type, Map<String, String> properties) {}
}
