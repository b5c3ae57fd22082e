package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ConfigFingerprint.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of configuration change, as a person reads it, and never a value. */
class ConfigChangesTest {

    private static ContainerConfig api(Map<String, String> env, Map<String, String> secrets, List<String> ports,
                                       List<String> command, String healthCheck, Integer memory) {
        return ContainerConfig.of("api", 256, memory, env, secrets, ports, command, healthCheck);
    }

    private static final ContainerConfig BASE = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"),
            Map.of("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-a"), List.of("8080/tcp"),
            List.of("java", "-jar", "app.jar"), "curl -f localhost|30|5|3|0", 512);

    private static ConfigFingerprint task(String cpu, String memory, ContainerConfig... containers) {
        return new ConfigFingerprint(cpu, memory, List.of(containers));
    }

    @Test
    void theSameConfigurationChangesNothing() {
        assertThat(ConfigChanges.between(task("256", "512", BASE), task("256", "512", BASE)).isEmpty()).isTrue();
    }

    @Test
    void unknownConfigurationChangesNothing() {
        assertThat(ConfigChanges.between(null, task("256", "512", BASE))).isEqualTo(ConfigChanges.NONE);
    }

    @Test
    void environmentVariablesAreNamedAddedChangedOrRemovedNeverValued() {
        ContainerConfig after = api(Map.of("LOG_LEVEL", "debug", "FEATURE_X", "on"), BASE.secrets(), BASE.ports(),
                List.of("java", "-jar", "app.jar"), "curl -f localhost|30|5|3|0", 512);

        ConfigChanges changes = ConfigChanges.between(task("256", "512", BASE), task("256", "512", after));

        assertThat(changes.lines()).containsExactly("+FEATURE_X", "~LOG_LEVEL", "-OLD_FLAG");
        assertThat(String.join(" ", changes.lines())).doesNotContain("debug", "info", "on");
        assertThat(after.environment()).containsEntry("FEATURE_X", ConfigFingerprint.hash("on"))
                .allSatisfy((name, hash) -> assertThat(hash).hasSize(ConfigFingerprint.HASH_DIGITS));
    }

    @Test
    void secretsAreNamedByWhereTheyAreReadFrom() {
        ContainerConfig after = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"),
                Map.of("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-b", "API_KEY", "/shop/api-key"),
                BASE.ports(), List.of("java", "-jar", "app.jar"), "curl -f localhost|30|5|3|0", 512);
        ContainerConfig none = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"), Map.of(), BASE.ports(),
                List.of("java", "-jar", "app.jar"), "curl -f localhost|30|5|3|0", 512);

        assertThat(ConfigChanges.between(task("256", "512", BASE), task("256", "512", after)).lines()).containsExactly(
                "+secret API_KEY from /shop/api-key",
                "~secret DB_PASSWORD from arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-b");
        assertThat(ConfigChanges.between(task("256", "512", BASE), task("256", "512", none)).lines())
                .containsExactly("-secret DB_PASSWORD");
    }

    @Test
    void taskAndContainerSizesSayFromWhatToWhat() {
        ContainerConfig bigger = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"), BASE.secrets(), BASE.ports(),
                List.of("java", "-jar", "app.jar"), "curl -f localhost|30|5|3|0", 1024);

        assertThat(ConfigChanges.between(task("256", "512", BASE), task("512", "1024", bigger)).lines())
                .containsExactly("cpu 256→512", "memory 512→1024", "api memory 512→1024");
        assertThat(ConfigChanges.between(task(null, "512", BASE), task("256", "512", BASE)).lines())
                .containsExactly("cpu (none)→256");
    }

    @Test
    void portsCommandAndHealthCheckSayThatTheyChanged() {
        ContainerConfig after = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"), BASE.secrets(), List.of("8080/tcp", "9090/tcp"),
                List.of("java", "-Xmx1g", "-jar", "app.jar"), null, 512);
        ContainerConfig noCommand = api(Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"), BASE.secrets(), List.of(),
                null, "curl -f localhost|10|5|3|0", 512);

        assertThat(ConfigChanges.between(task("256", "512", BASE), task("256", "512", after)).lines())
                .containsExactly("ports 8080/tcp→8080/tcp,9090/tcp", "~command", "-healthCheck");
        assertThat(ConfigChanges.between(task("256", "512", noCommand), task("256", "512", BASE)).lines())
                .containsExactly("ports (none)→8080/tcp", "+command", "~healthCheck");
    }

    @Test
    void severalContainersNameTheirsAndContainersComeAndGo() {
        ContainerConfig sidecar = ContainerConfig.of("sidecar", null, 64, Map.of(), Map.of(), List.of(), null, null);
        ContainerConfig sidecarWithFlag = ContainerConfig.of("sidecar", null, 64, Map.of("TRACE", "1"), Map.of(), List.of(), null, null);
        ContainerConfig logs = ContainerConfig.of("logs", null, 32, Map.of(), Map.of(), List.of(), null, null);

        assertThat(ConfigChanges.between(task("256", "512", BASE, sidecar), task("256", "512", BASE, sidecarWithFlag)).lines())
                .containsExactly("sidecar: +TRACE");
        assertThat(ConfigChanges.between(task("256", "512", BASE, sidecar), task("256", "512", BASE, logs)).lines())
                .containsExactly("-container sidecar", "+container logs");
    }

    @Test
    void aRecordKeepsFortyLinesAndCountsTheRestAndASummaryIsShort() {
        List<String> many = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "+V" + i).toList();
        ConfigChanges kept = new ConfigChanges(many).kept();

        assertThat(kept.lines()).hasSize(ConfigChanges.KEPT).endsWith("… and 61 more");
        assertThat(new ConfigChanges(List.of("+FEATURE_X", "memory 512→1024", "~LOG_LEVEL")).summary(2))
                .isEqualTo("+FEATURE_X, memory 512→1024 (+1 more)");
    }
}
