package dev.harbourmaster.cli.history;

import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.StatusView;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What runs where: one Query reads the project, every current-state row and each environment's gate
 * (access pattern 5), then one Query per shown environment its release sets that wait (pattern 4,
 * filtered), the environments at once.
 */
@Command(name = "status", footerHeading = Hm.EXAMPLES, footer = {
        "  hm status --project catalogue",
        "  hm status -p catalogue --env prod",
        "  HM_PROJECT=catalogue hm status -o json"},
        description = "What runs where: every environment x service, with the lock, the release set"
        + " in flight and the sets that wait.")
public final class StatusCommand extends RecordCommand {

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Only this environment.")
    String environmentId;

    public StatusCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        ProjectState state = project.state(common.table);
        List<String> environments = environmentId == null
                ? state.project().environments().stream().map(Environment::id).toList()
                : List.of(ProjectLookup.environment(state.project(), environmentId).id());
        Map<String, ReleaseSets.Gate> gates = new LinkedHashMap<>();
        environments.forEach(e -> gates.put(e, state.gate(e)));
        StatusView view = new StatusView(state, gates, history().waiting(state.project().id(), environments), Instant.now());
        Map<String, List<Deployment>> inFlight = new LinkedHashMap<>();
        gates.forEach((environment, gate) -> gate.inFlightReleaseSetId().flatMap(history()::releaseSet)
                .ifPresent(detail -> inFlight.put(environment, detail.deployments())));
        view.withInFlight(inFlight);

        Output out = output();
        if (out.isJson()) {
            out.json(view.json());
            return 0;
        }
        out.say("Project " + state.project().id()
                + (state.project().name() == null || state.project().name().equals(state.project().id()) ? ""
                : " (" + state.project().name() + ")") + ": " + view.summary());
        view.gateLines().forEach(out::say);
        out.say("");
        out.rows(view.tableRows(), "The project has no services.");
        return 0;
    }
}
