package dev.mssqlbulk.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mssqlbulk.ingest.BatchPlanner;
import dev.mssqlbulk.ingest.UploadRejected;
import dev.mssqlbulk.instance.BulkConfig;
import dev.mssqlbulk.instance.Instance;
import dev.mssqlbulk.job.JobOptions;
import dev.mssqlbulk.transform.Transformation;
import dev.mssqlbulk.write.WriteAction;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads the upload's {@code metaData} part into {@link JobOptions}, refusing anything it does not understand. */
final class MetaDataParser {

    private static final Set<String> KEYS = Set.of(
            "action",
            "identifierFieldName",
            "bulkUploadRecordSize",
            "columnDelimiter",
            "maxErrors",
            "dryRun",
            "ignoreUnmappedFields",
            "transformation");
    /** Salesforce's names for delimiters, and the characters themselves. */
    private static final Map<String, Character> DELIMITERS = Map.ofEntries(
            Map.entry("COMMA", ','),
            Map.entry("SEMICOLON", ';'),
            Map.entry("TAB", '\t'),
            Map.entry("PIPE", '|'),
            Map.entry("CARET", '^'),
            Map.entry("BACKQUOTE", '`'),
            Map.entry(",", ','),
            Map.entry(";", ';'),
            Map.entry("\t", '\t'),
            Map.entry("\\T", '\t'),
            Map.entry("|", '|'),
            Map.entry("^", '^'),
            Map.entry("`", '`'));

    private final ObjectMapper json;
    private final BulkConfig config;

    MetaDataParser(ObjectMapper json, BulkConfig config) {
        this.json = json;
        this.config = config;
    }

    JobOptions parse(String metaData, Instance instance) {
        JsonNode root = readObject(metaData);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new UploadRejected("metaData: unknown key '" + name + "'; known keys are " + KEYS);
            }
        }
        String action = WriteAction.parse(text(root, "action", "create")).wireName();
        Integer requested = root.has("bulkUploadRecordSize")
                ? integer(root, "bulkUploadRecordSize").intValue()
                : null;
        int batchSize = BatchPlanner.rowsPerBatch(
                requested,
                instance.config().bulkUploadRecordSize(),
                config.batch().minSize(),
                config.batch().maxSize());
        Long maxErrors = root.has("maxErrors") ? integer(root, "maxErrors") : null;
        if (maxErrors != null && maxErrors < 0) {
            throw new UploadRejected("metaData: maxErrors must be 0 or more");
        }
        String identifier = root.has("identifierFieldName") ? text(root, "identifierFieldName", null) : null;
        return new JobOptions(
                action,
                identifier,
                batchSize,
                delimiter(text(root, "columnDelimiter", ",")),
                maxErrors,
                bool(root, "dryRun"),
                null,
                null,
                transformation(root),
                bool(root, "ignoreUnmappedFields"));
    }

    /**
     * An inline transformation for this upload only, in the shape of {@code PUT /transformations/{name}}; it is
     * checked against the table once the table is known.
     */
    private Transformation transformation(JsonNode root) {
        JsonNode node = root.get("transformation");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new UploadRejected("metaData: transformation must be a JSON object with vendorName and fields");
        }
        try {
            return json.treeToValue(node, Transformation.class);
        } catch (JsonProcessingException e) {
            throw new UploadRejected("metaData: transformation is not a transformation: " + e.getOriginalMessage());
        }
    }

    private JsonNode readObject(String metaData) {
        if (metaData == null || metaData.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode root = json.readTree(metaData);
            if (root == null || !root.isObject()) {
                throw new UploadRejected("metaData must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UploadRejected("metaData is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static char delimiter(String value) {
        Character delimiter = DELIMITERS.get(value.toUpperCase(Locale.ROOT));
        if (delimiter == null) {
            throw new UploadRejected("metaData: columnDelimiter '" + value
                    + "' is not one of COMMA, SEMICOLON, TAB, PIPE, CARET, BACKQUOTE");
        }
        return delimiter;
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new UploadRejected("metaData: " + key + " must be a string");
        }
        return node.asText();
    }

    private static Long integer(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual() && node.asText().trim().matches("-?\\d{1,18}")) {
            return Long.parseLong(node.asText().trim());
        }
        throw new UploadRejected("metaData: " + key + " must be a whole number");
    }

    private static boolean bool(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && Set.of("true", "false").contains(node.asText().toLowerCase(Locale.ROOT))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw new UploadRejected("metaData: " + key + " must be true or false");
    }
}
