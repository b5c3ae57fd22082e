package dev.harbourmaster.cli;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.support.Suggest;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * -p/--project, for every command about one project (a mixin): left out, the project is the
 * {@link DefaultProject}. It is looked for when the command runs, so --help reads no file.
 */
public final class ProjectOption {

    public static final String DESCRIPTION = "The project id. Default: $" + DefaultProject.VARIABLE + ", else the"
            + " 'project: ID' line of a " + DefaultProject.FILE + " file in this directory or a parent, else the"
            + " project id of ./" + DefaultProject.MANIFEST + ".";

    @Option(names = {"-p", "--project"}, paramLabel = "PROJECT", description = DESCRIPTION)
    String given;

    private final Session session;
    private DefaultProject.Found found;

    public ProjectOption(Session session) {
        this.session = session;
    }

    /** Whether --project was on the command line. */
    public boolean isGiven() {
        return given != null;
    }

    /** The project's id: --project, else the default; exit 2, naming every way to give one, when neither names one. */
    public String id() {
        return found().id();
    }

    /** The project as registered in {@code table}; the id is found first, so a missing one is told before any AWS setup. */
    public Project registered(String table) {
        String id = id();
        return session.catalogue(table).project(id).orElseThrow(this::notRegistered);
    }

    /** The project and its current-state rows in {@code table}: one Query (access pattern 5). */
    public ProjectState state(String table) {
        String id = id();
        return session.history(table).projectState(id).orElseThrow(this::notRegistered);
    }

    /** The state for a change to {@code environmentId}: only its gate is read, with the project (DeploymentHistory.projectStateFor). */
    public ProjectState stateFor(String table, String environmentId) {
        String id = id();
        return session.history(table).projectStateFor(id, environmentId).orElseThrow(this::notRegistered);
    }

    /** The id is in no catalogue item: say where it came from, and the default project when it is close to it. */
    private CliException notRegistered() {
        DefaultProject.Found project = found();
        String close = project.from() == null ? Suggest.didYouMean(project.id(), otherDefault(project.id())) : "";
        return new CliException("project '" + project.id() + "'" + (project.from() == null ? "" : " (from " + project.from()
                + ")") + " is not registered: register it with 'hm project apply -f harbourmaster.yml'" + close);
    }

    private DefaultProject.Found found() {
        if (found == null) {
            found = given != null ? new DefaultProject.Found(given, null)
                    : session.defaultProject()
                    .orElseThrow(() -> new CliException("no project named: " + DefaultProject.WAYS, 2));
        }
        return found;
    }

    /** The project hm would have taken without --project, if any other: the one candidate a typo can be checked against. */
    private List<String> otherDefault(String id) {
        Optional<DefaultProject.Found> other;
        try {
            other = session.defaultProject();
        } catch (CliException unreadable) {
            return List.of();
        }
        return other.map(DefaultProject.Found::id).filter(o -> !o.equals(id)).map(List::of).orElse(List.of());
    }
}
