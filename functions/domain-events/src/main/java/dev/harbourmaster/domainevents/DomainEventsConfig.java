package dev.harbourmaster.domainevents;

import java.util.Map;

/**
 * Settings from the environment the template sets, read once.
 *
 * @param eventBusName     the bus the domain events go to (EVENT_BUS_NAME)
 * @param metricsNamespace the CloudWatch namespace of the Embedded Metric Format lines (METRICS_NAMESPACE,
 *                         default "Harbourmaster"; the dashboard reads it)
 * @param cdEvents         whether CDEvents are published beside our own events (CDEVENTS "on" or "off"; the
 *                         template's CdEvents parameter sets it, and a function without it publishes none)
 */
public record DomainEventsConfig(String tableName, String eventBusName, String metricsNamespace, boolean cdEvents) {

    public static final String DEFAULT_NAMESPACE = "Harbourmaster";

    /** Without CDEvents. */
    public DomainEventsConfig(String tableName, String eventBusName, String metricsNamespace) {
        this(tableName, eventBusName, metricsNamespace, false);
    }

    public static DomainEventsConfig fromEnvironment(Map<String, String> environment) {
        String namespace = environment.get("METRICS_NAMESPACE");
        return new DomainEventsConfig(required(environment, "TABLE_NAME", "the Harbourmaster table's name"),
                required(environment, "EVENT_BUS_NAME", "the name or ARN of the bus to publish to"),
                namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace,
                onOrOff(environment.get("CDEVENTS")));
    }

    private static boolean onOrOff(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("off")) {
            return false;
        }
        if (value.equalsIgnoreCase("on")) {
            return true;
        }
        throw new IllegalStateException("CDEVENTS is '" + value + "': it must be on or off (the template's CdEvents parameter)");
    }

    private static String required(Map<String, String> environment, String name, String what) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the function needs " + what);
        }
        return value;
    }
}
