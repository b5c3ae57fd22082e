package dev.harbourmaster.domain;

import java.util.List;

/** A named group of services of one project that is released together. */
public record ServiceSet(String id, String name, List<Service> services) {
    public ServiceSet {
        services = List.copyOf(services);
    }
}
