package dev.harbourmaster.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.util.List;

/**
 * How every document of hm --output json and the dashboard's /api is written: a JSON object whose
 * first field is {@code schemaVersion}, then the document's own fields as Jackson writes them.
 * docs/cli-json.md holds the promise: adding a field keeps the version, removing or renaming one
 * raises it.
 */
public final class JsonDocuments {

    /** The version of every document today; a document whose fields are removed or renamed gets its own, higher one. */
    public static final int SCHEMA_VERSION = 1;

    private JsonDocuments() {}

    /** A list as a document: hm builds and hm releases. */
    public record Items<T>(List<T> items) {}

    /** {@code document} (an object: a record or a map) pretty-printed, with {@code schemaVersion} first. */
    public static String write(Object document) {
        JsonNode fields = Json.MAPPER.valueToTree(document);
        if (!(fields instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a JSON document is an object, not " + fields.getNodeType()
                    + ": wrap a list in JsonDocuments.Items");
        }
        if (object.has("schemaVersion")) {
            throw new IllegalArgumentException("a document's schemaVersion is written by JsonDocuments, not by "
                    + document.getClass().getName());
        }
        ObjectNode versioned = Json.MAPPER.createObjectNode().put("schemaVersion", SCHEMA_VERSION);
        versioned.setAll(object);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(versioned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
