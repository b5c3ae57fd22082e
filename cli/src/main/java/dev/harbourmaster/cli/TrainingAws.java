package dev.harbourmaster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link StartupTraining} runs hm against: DynamoDB and STS as far as hm's common commands need them, in
 * memory on a loopback port, so that training goes down the paths a real run takes (a project with a release
 * to show and deploy) and never reaches AWS. DynamoDB keeps what is put (PutItem, TransactWriteItems' puts and
 * deletes, BatchWriteItem) and answers GetItem, BatchGetItem and Query by key: a key condition on the partition
 * key, with begins_with, BETWEEN or a comparison on the sort key. It does not model condition or filter
 * expressions, updates, pagination or errors: for training only, where what is answered only has to be
 * well formed. STS answers GetCallerIdentity.
 */
final class TrainingAws implements AutoCloseable {

    private static final Pattern KEY_CONDITION = Pattern.compile("(\\w+) = (:\\w+)(?: AND (.+))?");
    private static final Pattern BEGINS_WITH = Pattern.compile("begins_with\\((\\w+), (:\\w+)\\)");
    private static final Pattern BETWEEN = Pattern.compile("(\\w+) BETWEEN (:\\w+) AND (:\\w+)");
    private static final Pattern COMPARISON = Pattern.compile("(\\w+) (<=|>=|<|>|=) (:\\w+)");
    private static final String CALLER = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
            <Arn>arn:aws:iam::123456789012:user/startup-training</Arn><UserId>AIDASTARTUPTRAINING</UserId>\
            <Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata>\
            <RequestId>startup-training</RequestId></ResponseMetadata></GetCallerIdentityResponse>""";

    /** Items by table, then by "PK SK". */
    private final Map<String, Map<String, ObjectNode>> tables = new ConcurrentHashMap<>();
    private final HttpServer server;

    TrainingAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body;
        String type;
        if (target == null) { // the query protocol: STS
            body = CALLER;
            type = "text/xml";
        } else {
            body = Json.MAPPER.writeValueAsString(dynamo(target.substring(target.indexOf('.') + 1),
                    (ObjectNode) Json.MAPPER.readTree(request)));
            type = "application/x-amz-json-1.0";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode dynamo(String operation, ObjectNode request) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        switch (operation) {
            case "PutItem" -> put(request.path("TableName").asText(), (ObjectNode) request.get("Item"));
            case "DeleteItem" -> table(request.path("TableName").asText()).remove(key(request.get("Key")));
            case "TransactWriteItems" -> request.path("TransactItems").forEach(item -> {
                if (item.has("Put")) {
                    put(item.get("Put").path("TableName").asText(), (ObjectNode) item.get("Put").get("Item"));
                } else if (item.has("Delete")) {
                    table(item.get("Delete").path("TableName").asText()).remove(key(item.get("Delete").get("Key")));
                }
            });
            case "BatchWriteItem" -> {
                request.path("RequestItems").properties().forEach(writes -> writes.getValue().forEach(write -> {
                    if (write.has("PutRequest")) {
                        put(writes.getKey(), (ObjectNode) write.get("PutRequest").get("Item"));
                    }
                }));
                answer.putObject("UnprocessedItems");
            }
            case "GetItem" -> {
                ObjectNode item = table(request.path("TableName").asText()).get(key(request.get("Key")));
                if (item != null) {
                    answer.set("Item", item);
                }
            }
            case "BatchGetItem" -> {
                ObjectNode responses = answer.putObject("Responses");
                request.path("RequestItems").properties().forEach(reads -> {
                    ArrayNode found = responses.putArray(reads.getKey());
                    reads.getValue().path("Keys").forEach(k -> {
                        ObjectNode item = table(reads.getKey()).get(key(k));
                        if (item != null) {
                            found.add(item);
                        }
                    });
                });
                answer.putObject("UnprocessedKeys");
            }
            case "Query" -> {
                List<ObjectNode> items = query(request);
                answer.putArray("Items").addAll(items);
                answer.put("Count", items.size()).put("ScannedCount", items.size());
            }
            default -> { } // UpdateItem and the rest: answered, not done
        }
        return answer;
    }

    private List<ObjectNode> query(ObjectNode request) {
        String index = request.path("IndexName").asText("");
        String partitionKey = index.isEmpty() ? "PK" : index + "PK";
        String sortKey = index.isEmpty() ? "SK" : index + "SK";
        JsonNode values = request.path("ExpressionAttributeValues");
        Matcher condition = KEY_CONDITION.matcher(request.path("KeyConditionExpression").asText());
        if (!condition.matches()) {
            return List.of();
        }
        String partition = text(values.get(condition.group(2)));
        Predicate<String> sort = sortCondition(condition.group(3), values);
        List<ObjectNode> items = new ArrayList<>(table(request.path("TableName").asText()).values().stream()
                .filter(item -> partition.equals(text(item.get(partitionKey))) && item.has(sortKey)
                        && sort.test(text(item.get(sortKey))))
                .sorted(Comparator.comparing(item -> text(item.get(sortKey)))).toList());
        if (!request.path("ScanIndexForward").asBoolean(true)) {
            items = items.reversed();
        }
        int limit = request.path("Limit").asInt(Integer.MAX_VALUE);
        return items.size() > limit ? items.subList(0, limit) : items;
    }

    private static Predicate<String> sortCondition(String condition, JsonNode values) {
        if (condition == null) {
            return sk -> true;
        }
        Matcher m;
        if ((m = BEGINS_WITH.matcher(condition)).matches()) {
            String prefix = text(values.get(m.group(2)));
            return sk -> sk.startsWith(prefix);
        }
        if ((m = BETWEEN.matcher(condition)).matches()) {
            String from = text(values.get(m.group(2)));
            String to = text(values.get(m.group(3)));
            return sk -> sk.compareTo(from) >= 0 && sk.compareTo(to) <= 0;
        }
        if ((m = COMPARISON.matcher(condition)).matches()) {
            String operator = m.group(2);
            String value = text(values.get(m.group(3)));
            return sk -> switch (operator) {
                case "<" -> sk.compareTo(value) < 0;
                case "<=" -> sk.compareTo(value) <= 0;
                case ">" -> sk.compareTo(value) > 0;
                case ">=" -> sk.compareTo(value) >= 0;
                default -> sk.equals(value);
            };
        }
        return sk -> true;
    }

    private void put(String table, ObjectNode item) {
        table(table).put(key(item), item);
    }

    private Map<String, ObjectNode> table(String name) {
        return tables.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    /** An item's (or a Key's) place in its table: "PK SK". */
    private static String key(JsonNode item) {
        return text(item.get("PK")) + " " + text(item.get("SK"));
    }

    /** An attribute value's S or N, as text ("" for none). */
    private static String text(JsonNode value) {
        if (value == null) {
            return "";
        }
        return value.has("S") ? value.get("S").asText() : value.path("N").asText("");
    }
}
