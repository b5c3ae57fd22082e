package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.views.Output;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * hm approve and hm reject: a release set that Harbourmaster holds AWAITING_APPROVAL (its
 * environment requires approval) is approved or rejected ({@link HeldSetDecision}); otherwise hm
 * answers every pause hook that ECS holds a deployment of the set at
 * (ContinueServiceDeployment, CONTINUE or ROLLBACK), as ECS says now (DescribeServiceDeployments),
 * and keeps who answered, why and when on each deployment.
 */
abstract class HookAnswerCommand extends HmCommand {

    /** hm approve|reject --output json: each hook answered. */
    record Answered(String project, String environment, String releaseSet, String action, String by, String byArn,
                    List<Answer> answers) {}

    record Answer(String service, String serviceDeployment, String hookId, String lifecycleStage, boolean kept) {}

    @Mixin
    InFlightOptions target;

    HookAnswerCommand(Session session) {
        super(session);
    }

    /** APPROVE or REJECT. */
    abstract String action();

    /** CONTINUE or ROLLBACK: what ECS is asked. */
    abstract String ecsAction();

    @Override
    public Integer call() {
        Project project = target.project.registered(common.table);
        Environment environment = ProjectLookup.environment(project, target.environmentId);
        var releaseSets = session.releaseSets(common.table);
        String verb = action().toLowerCase(java.util.Locale.ROOT);
        Optional<ReleaseSet> held = HeldSets.target(releaseSets, project, environment, target.setId,
                () -> setWithHooksWaiting(releaseSets, project, environment), verb);
        if (held.isPresent()) {
            if (!target.services.isEmpty()) {
                throw new CliException("release set " + held.get().id() + " awaits approval: it is " + verb
                        + "d whole; leave out --services", 2);
            }
            HeldSetDecision decision = new HeldSetDecision(releaseSets, common.table);
            return action().equals(OperatorAction.APPROVE)
                    ? decision.approve(output(), environment, held.get(), session.actor(), target.why)
                    : decision.reject(output(), environment, held.get(), session.actor(), target.why);
        }
        return answerHooks(project, environment, releaseSets);
    }

    /** The set in flight, when ECS holds one of its deployments at a pause hook now. */
    private Optional<String> setWithHooksWaiting(ReleaseSets releaseSets, Project project, Environment environment) {
        Optional<String> inFlight = releaseSets.gate(project.id(), environment.id()).inFlightReleaseSetId();
        if (inFlight.isEmpty()) {
            return Optional.empty();
        }
        InFlightDeployments.Found found = InFlightDeployments.find(releaseSets, project, environment, inFlight.get(), List.of());
        List<String> arns = found.deployments().stream().map(Deployment::serviceDeploymentArn).distinct().toList();
        boolean waits = !arns.isEmpty() && session.containers(environment).serviceDeployments(arns).stream()
                .anyMatch(state -> state.hooks().stream().anyMatch(HookState::awaitingAction));
        return waits ? inFlight : Optional.empty();
    }

    private int answerHooks(Project project, Environment environment, ReleaseSets releaseSets) {
        InFlightDeployments.Found found = InFlightDeployments.find(releaseSets, project, environment, target.setId, target.services);
        ContainerPlatform ecs = session.containers(environment);
        Map<String, Deployment> byArn = found.deployments().stream()
                .collect(Collectors.toMap(Deployment::serviceDeploymentArn, Function.identity(), (a, b) -> a));
        List<ServiceDeploymentState> states = byArn.isEmpty() ? List.of() : ecs.serviceDeployments(List.copyOf(byArn.keySet()));
        String where = project.id() + "/" + environment.id();
        List<Answer> answers = new ArrayList<>();
        Actor who = session.actor();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (ServiceDeploymentState state : states) {
            Deployment deployment = byArn.get(state.report().arn());
            for (HookState hook : state.hooks()) {
                if (deployment == null || !hook.awaitingAction()) {
                    continue;
                }
                try {
                    ecs.continueServiceDeployment(state.report().arn(), hook.hookId(), ecsAction());
                } catch (ContainerPlatformException e) {
                    throw new CliException("ECS refused to " + ecsAction() + " hook " + hook.hookId() + " of " + deployment.serviceId()
                            + ": " + e.getMessage() + (e.getMessage().contains("AccessDenied")
                            ? "; your role needs ecs:ContinueServiceDeployment on the service deployment" : ""));
                }
                OperatorAction asked = new OperatorAction(action(), hook.hookId(), who.name(), target.why, now);
                boolean kept = InFlightDeployments.record(releaseSets, session.records(common.table), deployment, asked);
                answers.add(new Answer(deployment.serviceId(), state.report().arn(), hook.hookId(), state.report().lifecycleStage(), kept));
            }
        }
        if (answers.isEmpty()) {
            throw new CliException("no deployment of release set " + found.set().id() + " in " + where + " waits at a pause hook"
                    + waiting(found, states) + ": nothing to " + action().toLowerCase(java.util.Locale.ROOT));
        }
        Output out = output();
        if (out.isJson()) {
            out.json(new Answered(project.id(), environment.id(), found.set().id(), action(), who.name(), who.arn(), answers));
            return 0;
        }
        for (Answer a : answers) {
            out.say((action().equals(OperatorAction.APPROVE) ? "Approved " : "Rejected ") + a.service() + " at "
                    + (a.lifecycleStage() == null ? "its pause hook" : a.lifecycleStage()) + " (hook " + a.hookId() + "): ECS "
                    + (action().equals(OperatorAction.APPROVE) ? "goes on with" : "rolls back") + " the deployment."
                    + (a.kept() ? "" : " The deployment ended meanwhile: who answered is not kept on it."));
        }
        out.say(answers.size() + (answers.size() == 1 ? " hook" : " hooks") + " answered by " + who.name()
                + (target.why == null ? "" : " (" + target.why + ")") + "; 'hm show " + found.set().id() + "' follows it.");
        return 0;
    }

    private static String waiting(InFlightDeployments.Found found, List<ServiceDeploymentState> states) {
        if (found.deployments().isEmpty()) {
            return " (none of its deployments is in flight in ECS's service deployments API)";
        }
        return states.stream().map(s -> s.report().arn().substring(s.report().arn().lastIndexOf('/') + 1) + " " + s.report().status()
                + (s.report().lifecycleStage() == null ? "" : " at " + s.report().lifecycleStage()))
                .collect(Collectors.joining(", ", " (ECS: ", ")"));
    }
}
