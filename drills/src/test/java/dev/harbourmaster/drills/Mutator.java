package dev.harbourmaster.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded damage to an event's JSON: truncated text, a field of the wrong type, a missing field, an
 * unknown detail-type, or no JSON at all. Each mutation names itself (for the counts).
 */
final class Mutator {

    record Mutant(String kind, String json) {}

    static final List<String> KINDS = List.of("truncated", "wrong type", "missing field", "unknown detail-type", "not JSON");

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    Mutant mutate(String json) {
        return mutate(json, KINDS.get(random.nextInt(KINDS.size())));
    }

    /** Only the damage that leaves no valid event behind: for fixtures whose valid reading would change the story. */
    Mutant unreadable(String json) {
        return mutate(json, List.of("truncated", "unknown detail-type", "not JSON").get(random.nextInt(3)));
    }

    Mutant mutate(String json, String kind) {
        switch (kind) {
            case "truncated":
                return new Mutant(kind, json.substring(0, random.nextInt(Math.max(1, json.length() - 1))));
            case "not JSON":
                return new Mutant(kind, List.of("", "null", "[]", "42", "\"event\"", "{", "<xml/>", "{}").get(random.nextInt(8)));
            case "unknown detail-type": {
                ObjectNode root = tree(json);
                if (root == null) {
                    return new Mutant("not JSON", "{");
                }
                root.put("detail-type", List.of("ECS Container Instance State Change", "EC2 Instance State-change Notification",
                        "ecs task state change", "", "ECR Image Scan").get(random.nextInt(5)));
                return new Mutant(kind, root.toString());
            }
            default: {
                ObjectNode root = tree(json);
                if (root == null) {
                    return new Mutant("not JSON", "{");
                }
                List<JsonNode> parents = new ArrayList<>();
                collectContainers(root, parents);
                JsonNode parent = parents.get(random.nextInt(parents.size()));
                if (parent instanceof ObjectNode object && object.size() > 0) {
                    List<String> names = new ArrayList<>();
                    object.fieldNames().forEachRemaining(names::add);
                    String name = names.get(random.nextInt(names.size()));
                    if (kind.equals("missing field")) {
                        object.remove(name);
                    } else {
                        object.set(name, otherType(object.get(name)));
                    }
                } else if (parent instanceof ArrayNode array && array.size() > 0) {
                    int i = random.nextInt(array.size());
                    if (kind.equals("missing field")) {
                        array.remove(i);
                    } else {
                        array.set(i, otherType(array.get(i)));
                    }
                }
                return new Mutant(kind, root.toString());
            }
        }
    }

    private JsonNode otherType(JsonNode value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> options = new ArrayList<>(List.of(f.numberNode(random.nextInt(1000) - 500), f.booleanNode(true),
                f.nullNode(), f.arrayNode().add("x"), f.objectNode().put("unexpected", 1), f.textNode("surprise")));
        options.removeIf(o -> o.getNodeType() == value.getNodeType());
        return options.get(random.nextInt(options.size()));
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, into));
        }
    }

    private static ObjectNode tree(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : null;
        } catch (Exception e) {
            return null;
        }
    }
}
