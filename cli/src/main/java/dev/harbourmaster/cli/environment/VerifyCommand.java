package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.support.Parallel;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Asks ECS what each service of an environment really runs and compares it with the record.
 * Requests: one Query for the project and its current-state rows, one for the environment's gate
 * (and one GetItem for the release set in flight, if any); then one DescribeServices per 10
 * services, and per service found one DescribeTaskDefinition (one per distinct revision) and, for
 * its PRIMARY deployment, two ListTasks (running, stopped) and one DescribeTasks per 100 tasks. The
 * verdict is kept (one PutItem in the project's partition) for hm status and the dashboard to show.
 */
@Command(name = "verify", footerHeading = Hm.EXAMPLES, footer = {
        "  hm verify --project catalogue --env staging || echo \"staging drifted\"",
        "  hm verify -p catalogue -e prod -o json"},
        description = "Ask ECS what each service of an environment really runs and compare it with"
        + " the record; exit 1 when anything drifted.")
public final class VerifyCommand extends HmCommand {

    static final int CONCURRENCY = 8;

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to verify.")
    String environmentId;

    public VerifyCommand(Session session) {
        super(session);
    }

    /** A service of the manifest and the ECS service it is in this environment. */
    private record Target(String serviceId, String ecsService) {}

    @Override
    public Integer call() {
        ProjectState state = this.project.state(common.table);
        Project project = state.project();
        Environment environment = ProjectLookup.environment(project, environmentId);
        ReleaseSet inFlight = inFlight(session.releaseSets(common.table), project.id(), environment.id());

        List<Target> targets = new ArrayList<>();
        for (ServiceSet set : project.serviceSets()) {
            for (Service service : set.services()) {
                targets.add(new Target(service.id(), environment.ecsServiceNameOf(project.id(), set.id(), service.id())));
            }
        }
        ContainerPlatform platform = session.containers(environment);
        String cluster = environment.cluster();
        Map<String, RunningService> services;
        try {
            services = platform.services(cluster, targets.stream().map(Target::ecsService).toList());
        } catch (ContainerPlatformException e) {
            throw explain(e, environment);
        }
        List<Callable<Verification.Result>> checks = new ArrayList<>();
        for (Target target : targets) {
            CurrentState row = state.row(environment.id(), target.serviceId()).orElse(null);
            Release deploying = inFlight == null ? null : inFlight.releases().stream()
                    .filter(r -> r.serviceId().equals(target.serviceId())).findFirst().orElse(null);
            checks.add(() -> Verification.check(target.serviceId(), row, deploying,
                    observe(platform, cluster, target.ecsService(), services.get(target.ecsService()))));
        }
        List<Verification.Result> results = Parallel.all(checks, CONCURRENCY, () -> new CliException("interrupted while asking ECS"));
        List<String> notChecked = state.rows().stream()
                .filter(r -> r.environmentId().equals(environment.id()) && project.service(r.serviceId()).isEmpty()
                        && r.running() != null)
                .map(CurrentState::serviceId).sorted().toList();

        Instant now = Instant.now();
        Actor who = session.actor();
        session.verifications(common.table).save(new EnvironmentVerification(project.id(), environment.id(), now,
                who.name(), results.stream().map(VerifyCommand::verdict).toList(), who.arn()));
        VerifyView view = new VerifyView(project.id(), environment, results, notChecked,
                inFlight == null ? null : inFlight.id(), now);
        Output out = output();
        if (out.isJson()) {
            out.json(view.json());
        } else {
            view.lines().forEach(out::say);
        }
        Optional<String> problem = view.problem();
        if (problem.isPresent()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("hm: " + problem.get());
            err.flush();
            return 1;
        }
        return 0;
    }

    /** What status and the dashboard show of a service's verdict: its word and the first thing that differs. */
    static EnvironmentVerification.ServiceVerdict verdict(Verification.Result result) {
        List<String> said = new ArrayList<>(result.differences().stream().map(Verification.Difference::message).toList());
        if (result.status() != Verification.Status.OK) {
            said.addAll(result.notes());
        }
        String summary = said.isEmpty() ? null : said.get(0) + (said.size() > 1 ? " (and " + (said.size() - 1) + " more)" : "");
        return new EnvironmentVerification.ServiceVerdict(result.serviceId(), result.status().name(), summary);
    }

    /** The release set in flight in the environment: what ECS may run while it rolls. */
    private static ReleaseSet inFlight(ReleaseSets releaseSets, String projectId, String environmentId) {
        Optional<String> id = releaseSets.gate(projectId, environmentId).inFlightReleaseSetId();
        if (id.isEmpty()) {
            return null;
        }
        try {
            return releaseSets.releaseSet(id.get()).orElse(null);
        } catch (MalformedReleaseSetException e) {
            return null;
        }
    }

    /** What ECS runs for one service: its task definition and the tasks of its PRIMARY deployment. */
    static Verification.Observed observe(ContainerPlatform platform, String cluster, String ecsService,
                                         RunningService service) {
        if (service == null) {
            return new Verification.Observed(cluster, ecsService, null, null, null, null);
        }
        TaskDefinition definition;
        try {
            definition = platform.taskDefinition(service.taskDefinitionArn());
        } catch (ContainerPlatformException e) {
            return new Verification.Observed(cluster, ecsService, service, null, null, e.getMessage());
        }
        if (service.primaryDeploymentId() == null) {
            return new Verification.Observed(cluster, ecsService, service, definition, null, null);
        }
        try {
            List<TaskEvidence> tasks = platform.tasksStartedBy(cluster, service.primaryDeploymentId());
            return new Verification.Observed(cluster, ecsService, service, definition, tasks, null);
        } catch (ContainerPlatformException e) {
            return new Verification.Observed(cluster, ecsService, service, definition, null, e.getMessage());
        }
    }

    /** An ECS refusal for the whole environment, as one line with what to do. */
    static CliException explain(ContainerPlatformException e, Environment environment) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        String where = endpoint == null ? "AWS" : endpoint + " (AWS_ENDPOINT_URL)";
        String code = e.errorCode() == null ? "" : e.errorCode();
        if (code.equals("ClusterNotFoundException")) {
            return new CliException("ECS cluster '" + environment.cluster() + "' of environment '" + environment.id()
                    + "' not found at " + where + ": create it, or fix the environment's cluster in harbourmaster.yml"
                    + " and run 'hm project apply'");
        }
        if (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation")) {
            return new CliException("ECS refused " + e.getMessage() + ": hm verify needs ecs:DescribeServices,"
                    + " ecs:DescribeTaskDefinition, ecs:ListTasks and ecs:DescribeTasks on cluster " + environment.cluster());
        }
        if (e.isTransient()) {
            return new CliException("ECS did not answer (" + e.getMessage() + "): try again in a minute");
        }
        return new CliException("ECS could not describe the services of cluster '" + environment.cluster() + "': "
                + e.getMessage());
    }
}
