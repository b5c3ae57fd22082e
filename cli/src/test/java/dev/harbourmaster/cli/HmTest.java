package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line behaviour that needs no AWS: help, usage errors, manifest validation. */
class HmTest {

    private final Session session = mock(Session.class);
    private final HmRunner hm = new HmRunner(session);

    @Test
    void aBugIsOneLineWithoutStackTraceUnlessDebugIsAsked() {
        org.mockito.Mockito.when(session.catalogue(org.mockito.ArgumentMatchers.anyString()))
                .thenThrow(new IllegalStateException("boom"));

        HmRunner.Run plain = hm.run("builds", "--project", "catalogue");
        HmRunner.Run debug = hm.run("builds", "--project", "catalogue", "--debug");

        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err()).isEqualTo("hm: internal error: java.lang.IllegalStateException: boom (run again with"
                + " --debug for the stack trace, and report it with that)" + System.lineSeparator());
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).contains("hm: internal error", "\tat dev.harbourmaster.");
    }

    @Test
    void helpListsTheCommands() {
        HmRunner.Run run = hm.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("project", "builds", "releases", "table");
    }

    @Test
    void everyCommandOfTheTreeButHelpAndCompletionIsBuiltAloneByItsName() {
        Map<String, Class<?>> declared = new java.util.HashMap<>();
        for (Class<?> command : Hm.Tree.class.getAnnotation(picocli.CommandLine.Command.class).subcommands()) {
            picocli.CommandLine.Command annotation = command.getAnnotation(picocli.CommandLine.Command.class);
            assertThat(annotation.aliases()).as("%s has aliases, which Hm.Tree.ALONE does not list", command).isEmpty();
            declared.put(annotation.name(), command);
        }
        declared.remove("help");
        declared.remove("completion");

        assertThat(Hm.Tree.ALONE).isEqualTo(declared);
    }

    @Test
    void aCommandBuiltAloneHasTheTreesOptionsAndNamesNoOtherCommand() {
        picocli.CommandLine alone = Hm.commandLine(new CommandFactory(session), "deploy", "--help");
        picocli.CommandLine whole = Hm.commandLine(new CommandFactory(session), "help", "deploy");

        assertThat(alone.getSubcommands()).containsOnlyKeys("deploy");
        assertThat(whole.getSubcommands()).containsKeys("deploy", "status", "help", "completion");
        assertThat(alone.getSubcommands().get("deploy").getUsageMessage())
                .isEqualTo(whole.getSubcommands().get("deploy").getUsageMessage()).contains("-h, --help");
    }

    @Test
    void aMistypedCommandIsNamedWithTheCommandsThereAre() {
        HmRunner.Run run = hm.run("depoly", "--project", "shop");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument", "depoly", "deploy");
    }

    @Test
    void anInvalidManifestIsReportedWithPathsAndExitCode2BeforeAnyAwsCall(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("harbourmaster.yml");
        Files.writeString(manifest, """
                project: {id: shop}
                environments: [{id: dev}]
                serviceSets: [{id: all, services: [{id: web}]}]
                """);

        HmRunner.Run run = hm.run("project", "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("2 problems", "environments[0].cluster: missing",
                "serviceSets[0].services[0]: needs 'repository'", "Fix the manifest");
        verifyNoInteractions(session);
    }

    @Test
    void aMissingManifestSaysHowToPassOne(@TempDir Path dir) {
        HmRunner.Run run = hm.run("project", "apply", "-f", dir.resolve("nope.yml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("file not found; pass the manifest with -f PATH");
    }

    @Test
    void buildsNeedsAProjectOrARepository() {
        HmRunner.Run run = hm.run("builds");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hm: no project named: pass --project ID");
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        HmRunner.Run run = hm.run("releases", "--project", "shop", "--output", "yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output", "yaml");
    }

    @Test
    void localUpRefusesARegionThatIsNoRegionNameBeforeStartingAnything() {
        HmRunner.Run run = hm.run("local", "up", "--region", "Ireland");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: --region 'Ireland' is not an AWS region name (lower-case words and a"
                + " number, such as eu-west-1 or us-east-2): give one, for example --region eu-west-1" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void localUpRefusesAnAwsRegionVariableThatIsNoRegionNameAndSaysTheOptionWins() {
        when(session.environment()).thenReturn(Map.of("AWS_REGION", "local"));

        HmRunner.Run run = hm.run("local", "up");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hm: AWS_REGION='local' is not an AWS region name")
                .contains("set AWS_REGION to one, or pass --region (it wins over AWS_REGION)");
        verify(session).environment();
        verifyNoMoreInteractions(session);
    }

    @Test
    void dashboardAndLocalUpRefuseAnAllowedHostThatIsNoHostNameBeforeServingAnything() {
        HmRunner.Run dashboard = hm.run("dashboard", "--allow-host", "devbox.local", "--allow-host", "http://devbox");
        HmRunner.Run local = hm.run("local", "up", "--region", "eu-west-1", "--allow-host", "*");

        assertThat(dashboard.exitCode()).isEqualTo(2);
        assertThat(dashboard.err()).isEqualTo("hm: --allow-host wants a host name, optionally with :PORT (e.g."
                + " --allow-host devbox.local or --allow-host localhost:9000), not 'http://devbox'" + System.lineSeparator());
        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.err()).contains("--allow-host wants a host name", "not '*'");
        assertThat(local.out()).isEmpty();
        verifyNoInteractions(session);
    }
}
