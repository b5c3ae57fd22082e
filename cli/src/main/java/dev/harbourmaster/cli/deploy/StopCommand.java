package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.views.Output;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * hm stop: StopServiceDeployment for each deployment of the set in flight (ABORT, or ROLLBACK with
 * --rollback), with who asked and why kept on each; the set then ends as ECS reports its deployments.
 */
@Command(name = "stop", footerHeading = Hm.EXAMPLES, footer = {
        "  hm stop --project catalogue --env prod -m \"wrong build\"",
        "  hm stop -e prod --rollback --services search"},
        description = {"Stop the deployments of the release set in flight in ECS (StopServiceDeployment): ABORT leaves each"
                + " service where the stop finds it, --rollback returns it to what ran before. Who stopped them, why and"
                + " when are kept on each deployment; the set ends as ECS then reports them.",
                "Exit: 0 stop requested; 1 nothing in flight, or ECS refused; 2 bad usage."})
public final class StopCommand extends HmCommand {

    /** hm stop --output json: each deployment ECS was asked to stop. */
    record Stopped(String project, String environment, String releaseSet, String stopType, String by, String byArn,
                   List<Stop> stops) {}

    record Stop(String service, String serviceDeployment, boolean kept) {}

    @Mixin
    InFlightOptions target;

    @Option(names = "--rollback", description = "Roll each service back to what ran before (default: leave it where it is).")
    boolean rollback;

    public StopCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Project project = target.project.registered(common.table);
        Environment environment = ProjectLookup.environment(project, target.environmentId);
        var releaseSets = session.releaseSets(common.table);
        InFlightDeployments.Found found = InFlightDeployments.find(releaseSets, project, environment, target.setId, target.services);
        String where = project.id() + "/" + environment.id();
        if (found.deployments().isEmpty()) {
            throw new CliException("no deployment of release set " + found.set().id() + " in " + where + " is in flight in ECS's"
                    + " service deployments API: nothing to stop ('hm show " + found.set().id() + "' shows each one)");
        }
        String stopType = rollback ? "ROLLBACK" : "ABORT";
        ContainerPlatform ecs = session.containers(environment);
        Actor who = session.actor();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Stop> stops = new ArrayList<>();
        for (Deployment deployment : found.deployments()) {
            try {
                ecs.stopServiceDeployment(deployment.serviceDeploymentArn(), stopType);
            } catch (ContainerPlatformException e) {
                throw new CliException("ECS refused to stop " + deployment.serviceId() + " (" + deployment.serviceDeploymentArn() + "): "
                        + e.getMessage() + (e.getMessage().contains("AccessDenied")
                        ? "; your role needs ecs:StopServiceDeployment on the service deployment" : "")
                        + (stops.isEmpty() ? "" : "; stopped before it: " + String.join(", ", stops.stream().map(Stop::service).toList())));
            }
            OperatorAction asked = new OperatorAction(rollback ? OperatorAction.STOP_ROLLBACK : OperatorAction.STOP, null, who.name(), target.why, now);
            stops.add(new Stop(deployment.serviceId(), deployment.serviceDeploymentArn(),
                    InFlightDeployments.record(releaseSets, session.records(common.table), deployment, asked)));
        }
        Output out = output();
        if (out.isJson()) {
            out.json(new Stopped(project.id(), environment.id(), found.set().id(), stopType, who.name(), who.arn(), stops));
            return 0;
        }
        for (Stop stop : stops) {
            out.say("Asked ECS to stop " + stop.service() + (rollback ? " and roll it back" : "") + " (" + stopType + ")."
                    + (stop.kept() ? "" : " The deployment ended meanwhile: who stopped it is not kept on it."));
        }
        out.say("Stopped by " + who.name() + (target.why == null ? "" : " (" + target.why + ")") + "; release set " + found.set().id()
                + " ends as ECS reports its deployments: 'hm show " + found.set().id() + "'.");
        return 0;
    }
}
