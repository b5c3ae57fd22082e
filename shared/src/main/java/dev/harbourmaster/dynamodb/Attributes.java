package dev.harbourmaster.dynamodb;

import dev.harbourmaster.support.Times;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers for hand-written item mapping: build items and read them back. */
final class Attributes {

    private Attributes() {}

    /** An item under construction; null values are left out, as DynamoDB wants. */
    static final class Item {
        private final Map<String, AttributeValue> values = new LinkedHashMap<>();

        Item put(String name, String value) {
            if (value != null) {
                values.put(name, AttributeValue.fromS(value));
            }
            return this;
        }

        Item put(String name, Instant value) {
            return put(name, value == null ? null : Times.format(value));
        }

        Item put(String name, boolean value) {
            values.put(name, AttributeValue.fromBool(value));
            return this;
        }

        Item put(String name, long value) {
            values.put(name, AttributeValue.fromN(Long.toString(value)));
            return this;
        }

        /** A string set; an empty set is left out (DynamoDB cannot store one). */
        Item putSet(String name, Collection<String> value) {
            if (value != null && !value.isEmpty()) {
                values.put(name, AttributeValue.fromSs(List.copyOf(value)));
            }
            return this;
        }

        Item putStrings(String name, List<String> value) {
            values.put(name, AttributeValue.fromL(value.stream().map(AttributeValue::fromS).toList()));
            return this;
        }

        Item put(String name, Long value) {
            if (value != null) {
                values.put(name, AttributeValue.fromN(Long.toString(value)));
            }
            return this;
        }

        Item put(String name, Double value) {
            if (value != null) {
                values.put(name, AttributeValue.fromN(BigDecimal.valueOf(value).toPlainString()));
            }
            return this;
        }

        /** A nested map; null is left out. */
        Item putMap(String name, Map<String, AttributeValue> value) {
            if (value != null) {
                values.put(name, AttributeValue.fromM(value));
            }
            return this;
        }

        <T> Item putMaps(String name, List<T> value, Function<T, Map<String, AttributeValue>> mapper) {
            values.put(name, AttributeValue.fromL(value.stream().map(v -> AttributeValue.fromM(mapper.apply(v))).toList()));
            return this;
        }

        Map<String, AttributeValue> build() {
            return Map.copyOf(values);
        }
    }

    static Item item(String pk, String sk, String type) {
        return new Item().put(Keys.PK, pk).put(Keys.SK, sk).put(Keys.TYPE, type);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        return text == null ? null : Times.parse(text);
    }

    static boolean bool(Map<String, AttributeValue> item, String name, boolean missing) {
        AttributeValue value = item.get(name);
        return value == null || value.bool() == null ? missing : value.bool();
    }

    static long number(Map<String, AttributeValue> item, String name, long missing) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? missing : Long.parseLong(value.n());
    }

    static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    static Long optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    static Double decimal(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Double.valueOf(value.n());
    }

    /** A nested map read with {@code mapper}; null when absent. */
    static <T> T map(Map<String, AttributeValue> item, String name, Function<Map<String, AttributeValue>, T> mapper) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? null : mapper.apply(value.m());
    }

    static <T> List<T> maps(Map<String, AttributeValue> item, String name, Function<Map<String, AttributeValue>, T> mapper) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(v -> mapper.apply(v.m())).toList();
    }

    /** A map of strings as DynamoDB's M of S. */
    static Map<String, AttributeValue> stringValues(Map<String, String> values) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        values.forEach((k, v) -> map.put(k, AttributeValue.fromS(v)));
        return map;
    }

    /** An M of S as a map of strings; empty when absent. */
    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((k, v) -> map.put(k, v.s()));
        }
        return map;
    }
}
