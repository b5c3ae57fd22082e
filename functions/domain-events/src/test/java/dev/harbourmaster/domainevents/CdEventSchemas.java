package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The CDEvents v0.5.1 JSON schemas kept in src/test/resources/cdevents (README.txt there says
 * where from), with networknt's draft 2020-12 validator: formats (date-time, uri-reference) are
 * asserted too, and the links schemas the context refers to are read from the same folder.
 */
public final class CdEventSchemas {

    private static final String SPEC_SCHEMAS = "https://cdevents.dev/0.5.1/schema/";
    private static final Map<String, String> FILES = Map.of(
            CdEvent.ARTIFACT_PUBLISHED, "artifactpublished.json",
            CdEvent.SERVICE_DEPLOYED, "servicedeployed.json",
            CdEvent.SERVICE_UPGRADED, "serviceupgraded.json",
            CdEvent.SERVICE_ROLLEDBACK, "servicerolledback.json",
            CdEvent.ENVIRONMENT_CREATED, "environmentcreated.json",
            CdEvent.ENVIRONMENT_MODIFIED, "environmentmodified.json",
            CdEvent.ENVIRONMENT_DELETED, "environmentdeleted.json");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    // "$ref": "links/embeddedlinksarray" names a file without its .json.
                    .schemaIdResolvers(ids -> ids.mappings(id -> id.startsWith(SPEC_SCHEMAS + "links/"),
                            id -> "classpath:cdevents/links/" + id.substring((SPEC_SCHEMAS + "links/").length()) + ".json")));

    private CdEventSchemas() {}

    /** The schema of the event's context.type; an unknown type fails the test. */
    public static List<Error> errors(JsonNode event) {
        String type = event.path("context").path("type").asText();
        String file = FILES.get(type);
        if (file == null) {
            throw new AssertionError("no CDEvents schema kept for type '" + type + "'");
        }
        return schema(file).validate(event);
    }

    public static List<Error> errors(String type, JsonNode event) {
        return schema(FILES.get(type)).validate(event);
    }

    private static Schema schema(String file) {
        try (InputStream in = CdEventSchemas.class.getResourceAsStream("/cdevents/" + file)) {
            if (in == null) {
                throw new AssertionError("src/test/resources/cdevents/" + file + " is missing");
            }
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
