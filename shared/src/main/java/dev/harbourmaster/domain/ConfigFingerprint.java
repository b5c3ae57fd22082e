package dev.harbourmaster.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a task-definition revision configures, compactly, images aside: task cpu and memory, and per
 * container its cpu, memory, environment variables (by name, each value only as a short hash), secrets
 * (by name and {@code valueFrom}: never the secret), port mappings, command and health check (each as a
 * short hash). Two revisions with equal fingerprints differ, if at all, in their images or in what
 * is not kept here (volumes, roles, log configuration, ...).
 *
 * @param cpu        the task's cpu units as ECS writes them ("256", "1 vCPU"), or null
 * @param memory     the task's memory as ECS writes it ("512"), or null
 * @param containers in the task definition's order
 */
public record ConfigFingerprint(String cpu, String memory, List<ContainerConfig> containers) {

    /** Hex digits kept of a value's SHA-256: enough to tell a change, too few to be a record of the value. */
    public static final int HASH_DIGITS = 8;

    public ConfigFingerprint {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /**
     * @param environment name → {@link #hash} of its value
     * @param secrets     name → valueFrom (an ARN or a parameter name: where the secret is, not what it is)
     * @param ports       "8080/tcp" (container port and protocol; "8080:80/tcp" where a host port is set)
     * @param command     {@link #hash} of the command, null when the image's own runs
     * @param healthCheck {@link #hash} of the health check, null without one
     */
    public record ContainerConfig(String name, Integer cpu, Integer memory, Map<String, String> environment,
                                  Map<String, String> secrets, List<String> ports, String command, String healthCheck) {

        public ContainerConfig {
            Objects.requireNonNull(name, "name");
            environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
            secrets = secrets == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secrets));
            ports = ports == null ? List.of() : List.copyOf(ports);
        }

        /**
         * A container as a task definition has it; environment values are hashed here, and only the
         * hashes are kept.
         *
         * @param plainEnvironment name → value, as the task definition writes it
         * @param command          the command's words, or null/empty
         * @param healthCheck      the health check as one text (its command, interval, timeout, retries, start period), or null
         */
        public static ContainerConfig of(String name, Integer cpu, Integer memory, Map<String, String> plainEnvironment,
                                         Map<String, String> secrets, List<String> ports, List<String> command,
                                         String healthCheck) {
            Map<String, String> hashed = new TreeMap<>();
            if (plainEnvironment != null) {
                plainEnvironment.forEach((variable, value) -> hashed.put(variable, hash(value == null ? "" : value)));
            }
            return new ContainerConfig(name, cpu, memory, hashed, secrets, ports,
                    command == null || command.isEmpty() ? null : hash(String.join("\u0000", command)),
                    healthCheck == null ? null : hash(healthCheck));
        }
    }

    /** The first {@link #HASH_DIGITS} hex digits of the text's SHA-256. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public ContainerConfig container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
