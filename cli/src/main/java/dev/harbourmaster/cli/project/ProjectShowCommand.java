package dev.harbourmaster.cli.project;

import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "show", footerHeading = Hm.EXAMPLES, footer = {
        "  hm project show --project catalogue",
        "  hm project show -p catalogue -o json"},
        description = "Show a registered project: environments (and the account and region each is in), service sets,"
                + " services and repositories.")
public final class ProjectShowCommand extends HmCommand {

    static final String STACKS_OWN = "(the stack's own)";

    @Mixin
    ProjectOption project;

    public ProjectShowCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Project project = this.project.registered(common.table);
        Output out = output();
        if (out.isJson()) {
            out.json(project);
            return 0;
        }
        out.say("Project " + project.id() + " (" + project.name() + ")");
        out.say("Release hash from tags matching: " + String.join("  ", project.releaseHashRule().tagPatterns()));
        out.say("");
        List<Map<String, Object>> environments = new ArrayList<>();
        for (Environment e : project.environments()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("environment", e.id());
            row.put("name", e.name());
            row.put("cluster", e.cluster());
            row.put("account", orStacksOwn(e.placement().account()));
            row.put("region", orStacksOwn(e.placement().region()));
            row.put("ecsServiceName", e.ecsServiceName() + (e.ecsServiceNames().isEmpty() ? "" : " (" + e.ecsServiceNames()
                    .entrySet().stream().map(n -> n.getKey() + ": " + n.getValue()).collect(Collectors.joining(", ")) + ")"));
            row.put("autoDeploy", e.autoDeploy() ? "yes" : "no");
            row.put("approval", e.approval().describe());
            row.put("taskDefinitionBase", e.taskDefinitionBase().word());
            row.put("role", orStacksOwn(e.placement().roleArn()));
            environments.add(row);
        }
        out.table(environments);
        out.say("");
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceSet set : project.serviceSets()) {
            for (Service service : set.services()) {
                for (Container container : service.containers()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("serviceSet", set.id());
                    row.put("service", service.id());
                    row.put("name", service.name());
                    row.put("container", container.name());
                    row.put("repository", container.repository());
                    services.add(row);
                }
            }
        }
        out.table(services);
        return 0;
    }

    /** A part of an environment's placement, or what leaving it out means. */
    private static String orStacksOwn(String value) {
        return value != null ? value : STACKS_OWN;
    }
}
