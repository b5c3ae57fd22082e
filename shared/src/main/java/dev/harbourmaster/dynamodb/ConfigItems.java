package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.bool;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.optionalNumber;
import static dev.harbourmaster.dynamodb.Attributes.string;
import static dev.harbourmaster.dynamodb.Attributes.strings;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.TaskDefinitionBase;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A deployment's {@code config} map: the base its revision copied, the registered revision's fingerprint
 * and the changes from the revision before. Empty parts are left out, so a deployment that changed no
 * configuration keeps a few dozen bytes per container.
 */
final class ConfigItems {

    private ConfigItems() {}

    static Map<String, AttributeValue> configMap(DeploymentConfig config) {
        if (config == null) {
            return null;
        }
        Attributes.Item item = new Attributes.Item().put("base", config.base().word())
                .put("baseTaskDefinition", config.baseTaskDefinition())
                .putMap("fingerprint", fingerprintMap(config.fingerprint()));
        if (!config.changes().isEmpty()) {
            item.putStrings("changes", config.changes().lines());
        }
        if (config.configOnly()) {
            item.put("configOnly", true);
        }
        return item.build();
    }

    static DeploymentConfig config(Map<String, AttributeValue> map) {
        return new DeploymentConfig(TaskDefinitionBase.of(string(map, "base")).orElse(TaskDefinitionBase.RUNNING),
                string(map, "baseTaskDefinition"), Attributes.map(map, "fingerprint", ConfigItems::fingerprint),
                new ConfigChanges(strings(map, "changes")), bool(map, "configOnly", false));
    }

    static Map<String, AttributeValue> fingerprintMap(ConfigFingerprint fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        return new Attributes.Item().put("cpu", fingerprint.cpu()).put("memory", fingerprint.memory())
                .putMaps("containers", fingerprint.containers(), ConfigItems::containerMap).build();
    }

    private static Map<String, AttributeValue> containerMap(ConfigFingerprint.ContainerConfig c) {
        Attributes.Item item = new Attributes.Item().put("name", c.name())
                .put("cpu", c.cpu() == null ? null : c.cpu().longValue())
                .put("memory", c.memory() == null ? null : c.memory().longValue())
                .putMap("env", c.environment().isEmpty() ? null : Attributes.stringValues(c.environment()))
                .putMap("secrets", c.secrets().isEmpty() ? null : Attributes.stringValues(c.secrets()))
                .put("command", c.command())
                .put("healthCheck", c.healthCheck());
        if (!c.ports().isEmpty()) {
            item.putStrings("ports", c.ports());
        }
        return item.build();
    }

    static ConfigFingerprint fingerprint(Map<String, AttributeValue> map) {
        return new ConfigFingerprint(string(map, "cpu"), string(map, "memory"), maps(map, "containers", ConfigItems::container));
    }

    private static ConfigFingerprint.ContainerConfig container(Map<String, AttributeValue> map) {
        Long cpu = optionalNumber(map, "cpu");
        Long memory = optionalNumber(map, "memory");
        return new ConfigFingerprint.ContainerConfig(string(map, "name"), cpu == null ? null : cpu.intValue(),
                memory == null ? null : memory.intValue(), Attributes.stringMap(map, "env"), Attributes.stringMap(map, "secrets"),
                strings(map, "ports"), string(map, "command"), string(map, "healthCheck"));
    }
}
