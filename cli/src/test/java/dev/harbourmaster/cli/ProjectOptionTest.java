package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.cli.DefaultProject.Found;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** -p/--project may be left out of every command that takes it: the default project, or an error naming every way. */
class ProjectOptionTest {

    private static final String NO_PROJECT = "hm: no project named: pass --project ID, set HM_PROJECT=ID, write"
            + " 'project: ID' in a .harbourmaster file here or in a parent directory, or run hm in the directory of the"
            + " project's harbourmaster.yml" + System.lineSeparator();

    private final Session session = mock(Session.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final DeploymentHistory history = mock(DeploymentHistory.class);
    private final HmRunner hm = new HmRunner(session);

    private void wired(Found defaultProject) {
        when(session.defaultProject()).thenReturn(Optional.ofNullable(defaultProject));
        when(session.catalogue(anyString())).thenReturn(catalogue);
        when(session.history(anyString())).thenReturn(history);
    }

    @Test
    void everyCommandThatTakesAProjectTakesItTheSameWayAndSaysWhereTheDefaultComesFrom() {
        List<String> withProject = new ArrayList<>();
        HelpTest.commandPaths().forEach(path -> {
            CommandLine command = HelpTest.command(path);
            OptionSpec option = command.getCommandSpec().findOption("--project");
            if (option == null) {
                return;
            }
            withProject.add(String.join(" ", path));
            assertThat(option.names()).as("hm %s", path).containsExactly("-p", "--project");
            assertThat(option.required()).as("hm %s --project is required", path).isFalse();
            assertThat(String.join(" ", option.description())).as("hm %s --project", path)
                    .contains("HM_PROJECT", ".harbourmaster", "harbourmaster.yml");
        });
        assertThat(withProject).containsExactlyInAnyOrder("project show", "builds", "releases", "status", "history",
                "deploy", "promote", "rollback", "approve", "reject", "stop", "diff", "lock", "unlock", "verify", "dashboard",
                "local fail", "local heal");
    }

    static Stream<List<String>> commandsWithoutTheirProject() {
        return Stream.of(List.of("project", "show"), List.of("builds"), List.of("releases"), List.of("status"),
                List.of("history"), List.of("deploy", "-e", "staging", "--yes"),
                List.of("promote", "--from", "staging", "--to", "prod", "--yes"), List.of("rollback", "-e", "prod", "--yes"),
                List.of("diff", "staging", "prod"), List.of("lock", "-e", "prod", "-m", "freeze"), List.of("unlock", "-e", "prod"),
                List.of("verify", "-e", "prod"), List.of("approve", "-e", "prod"), List.of("reject", "-e", "prod"),
                List.of("stop", "-e", "prod"), List.of("local", "fail", "-e", "staging", "-s", "web"),
                List.of("local", "heal", "-e", "staging", "-s", "web"));
    }

    @ParameterizedTest(name = "hm {0}")
    @MethodSource("commandsWithoutTheirProject")
    void withoutAProjectOrADefaultEveryCommandIsExit2NamingEveryWayToGiveOneBeforeReadingAnything(List<String> args) {
        wired(null);

        HmRunner.Run run = hm.run(args.toArray(String[]::new));

        assertThat(run.err()).isEqualTo(NO_PROJECT);
        assertThat(run.exitCode()).isEqualTo(2);
        verify(session).defaultProject();
        verify(catalogue, never()).project(anyString());
        verify(history, never()).projectState(anyString());
    }

    @Test
    void theDefaultProjectIsUsedWhenTheFlagIsLeftOutAndTheFlagWinsOverIt() {
        wired(new Found("catalogue", "HM_PROJECT"));
        when(catalogue.project("catalogue")).thenReturn(Optional.of(Fixtures.exampleProject()));

        HmRunner.Run defaulted = hm.run("project", "show", "-o", "json");
        HmRunner.Run flagged = hm.run("project", "show", "-p", "other");

        assertThat(defaulted.exitCode()).as(defaulted.err()).isZero();
        assertThat(defaulted.json().get("id").asText()).isEqualTo("catalogue");
        assertThat(flagged.err()).isEqualTo("hm: project 'other' is not registered: register it with"
                + " 'hm project apply -f harbourmaster.yml'" + System.lineSeparator());
        verify(catalogue).project("other");
    }

    @Test
    void aDefaultProjectThatIsNotRegisteredSaysWhereItCameFrom() {
        wired(new Found("catalog", "/work/shop/.harbourmaster"));

        HmRunner.Run run = hm.run("status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hm: project 'catalog' (from /work/shop/.harbourmaster) is not registered:"
                + " register it with 'hm project apply -f harbourmaster.yml'" + System.lineSeparator());
    }

    @Test
    void aMistypedProjectCloseToTheDefaultOneAsksWhetherItWasMeant() {
        wired(new Found("catalogue", "HM_PROJECT"));

        HmRunner.Run run = hm.run("releases", "--project", "catalouge");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).endsWith("is not registered: register it with 'hm project apply -f harbourmaster.yml';"
                + " did you mean catalogue?" + System.lineSeparator());
    }

    @Test
    void aRepositoryAndAProjectForBuildsIsExit2ButARepositoryAloneNeedsNoProject() {
        wired(null);

        HmRunner.Run both = hm.run("builds", "-p", "catalogue", "--repository", "platform/nginx");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("name either --project PROJECT (optionally with --service) or --repository"
                + " REPOSITORY, not both");
        when(session.ledger(anyString())).thenReturn(mock(dev.harbourmaster.ports.BuildLedger.class));
        HmRunner.Run repository = hm.run("builds", "--repository", "platform/nginx");
        assertThat(repository.exitCode()).as(repository.err()).isZero();
        assertThat(repository.out()).isEqualTo("No builds yet." + System.lineSeparator());
        verify(session, never()).defaultProject();
    }
}
