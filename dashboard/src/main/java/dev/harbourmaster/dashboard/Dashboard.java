package dev.harbourmaster.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.harbourmaster.documents.JsonDocuments;
import dev.harbourmaster.documents.MetricsDocument;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.metrics.DeliveryMetrics;
import dev.harbourmaster.metrics.DeliveryReport;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.views.EnvironmentDiff;
import dev.harbourmaster.views.HistoryView;
import dev.harbourmaster.views.ReleaseSetView;
import dev.harbourmaster.views.StatusView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every page and its JSON, from a GET request: the same code behind {@code hm dashboard} on loopback
 * and behind the optional Lambda function. It only reads the table; changes are made with hm,
 * whose commands the pages show.
 */
public final class Dashboard {

    /** Releases listed per service and environment on the diff page, as hm diff does. */
    static final int DIFF_RELEASES = 10;
    private static final int READS_AT_ONCE = 8;
    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern PROJECT_PATH = Pattern.compile("^(/api)?/p/([^/]+)(/[a-z]+)?/?$");
    private static final Pattern SET_PATH = Pattern.compile(
            "^(/api)?/sets/((?:[a-z0-9_-]+/[a-z0-9_-]+/)?[0-9A-HJKMNP-TV-Z]{26})/?$");

    private final DeploymentHistory history;
    private final BuildLedger ledger;
    private final DeliveryRecords delivery;
    private final List<String> projects;
    private final Clock clock;

    /** @param projects the projects the start page lists (any other can be opened by its id) */
    public Dashboard(DeploymentHistory history, BuildLedger ledger, DeliveryRecords delivery, List<String> projects,
                     Clock clock) {
        this.history = history;
        this.ledger = ledger;
        this.delivery = delivery;
        this.projects = List.copyOf(projects);
        this.clock = clock;
    }

    /** Answers a GET of {@code path} with its raw query string. Never throws: errors are pages too. */
    public Response get(String path, String rawQuery) {
        Request request = Request.of(path, rawQuery);
        boolean api = request.path().startsWith("/api/");
        try {
            return route(request);
        } catch (BadRequest e) {
            return error(api, 400, "Bad request", e.getMessage());
        } catch (MalformedReleaseSetException e) {
            return error(api, 500, "A record cannot be read", e.getMessage());
        } catch (SdkException e) {
            return error(api, 502, "The table could not be read",
                    e.getMessage() + " (check the AWS credentials and region hm runs with, and the table name)");
        }
    }

    private Response route(Request request) {
        String path = request.path();
        if (path.equals("/")) {
            return Response.html(200, new StartPage(projects, clock.instant()).render());
        }
        if (path.equals("/p") || path.equals("/p/")) {
            String project = request.param("project");
            if (project == null || !ID.matcher(project).matches()) {
                throw new BadRequest("give a project id: lowercase letters, digits, '-' and '_'");
            }
            return Response.redirect("/p/" + project);
        }
        if (path.startsWith("/static/")) {
            return StaticFiles.get(path);
        }
        Matcher set = SET_PATH.matcher(path);
        if (set.matches()) {
            return releaseSet(set.group(2), set.group(1) != null);
        }
        Matcher project = PROJECT_PATH.matcher(path);
        if (project.matches() && ID.matcher(project.group(2)).matches()) {
            boolean api = project.group(1) != null;
            String section = project.group(3) == null ? (api ? "" : "/status") : project.group(3);
            ProjectState state = history.projectState(project.group(2)).orElse(null);
            if (state == null) {
                return error(api, 404, "No such project", "No project '" + project.group(2) + "' is registered in this"
                        + " table. Register it with: hm project apply --file harbourmaster.yml");
            }
            switch (section) {
                case "/status":
                    return status(state, api);
                case "/history":
                    return history(state.project(), request, api);
                case "/diff":
                    return diff(state, request, api);
                case "/metrics":
                    return metrics(state.project(), request, api);
                default:
                    break;
            }
        }
        return error(path.startsWith("/api/"), 404, "Not found", "Nothing lives at " + path + ". Start at /.");
    }

    private Response status(ProjectState state, boolean api) {
        Instant now = clock.instant();
        Map<String, Gate> gates = new LinkedHashMap<>();
        state.project().environments().forEach(e -> gates.put(e.id(), state.gate(e.id())));
        Map<String, List<ReleaseSet>> waiting = history.waiting(state.project().id(), List.copyOf(gates.keySet()));
        StatusView view = new StatusView(state, gates, waiting, now);
        if (api) {
            return json(view.json());
        }
        Map<String, ReleaseSetDetail> inFlight = new LinkedHashMap<>();
        for (Environment environment : state.project().environments()) {
            state.gate(environment.id()).inFlightReleaseSetId()
                    .flatMap(history::releaseSet)
                    .filter(d -> !d.set().status().isFinal())
                    .ifPresent(d -> inFlight.put(environment.id(), d));
        }
        Map<String, List<Deployment>> deployments = new LinkedHashMap<>();
        inFlight.forEach((environment, detail) -> deployments.put(environment, detail.deployments()));
        return Response.html(200, new HomePage(state, view.withInFlight(deployments), inFlight, now).render());
    }

    private Response history(Project project, Request request, boolean api) {
        HistoryFilters filters = HistoryFilters.of(request, project);
        DeploymentHistory.HistoryPage page = history.history(filters.query(project.id()),
                project.environments().stream().map(Environment::id).toList());
        Instant now = clock.instant();
        if (api) {
            return json(new HistoryView(page, now).json());
        }
        return Response.html(200, new HistoryPage(project, filters, page, now).render());
    }

    private Response diff(ProjectState state, Request request, boolean api) {
        Project project = state.project();
        List<String> environments = project.environments().stream().map(Environment::id).toList();
        if (environments.size() < 2) {
            throw new BadRequest("project " + project.id() + " has fewer than two environments to compare");
        }
        String a = Optional.ofNullable(request.param("a")).orElse(environments.get(0));
        String b = Optional.ofNullable(request.param("b")).orElse(environments.get(1));
        for (String env : List.of(a, b)) {
            if (!environments.contains(env)) {
                throw new BadRequest("no environment '" + env + "' in project " + project.id() + ": one of " + environments);
            }
        }
        if (a.equals(b)) {
            throw new BadRequest("name two different environments (a and b)");
        }
        List<Callable<List<Release>>> reads = new ArrayList<>();
        List<Service> services = project.services().toList();
        services.forEach(s -> reads.add(() -> ledger.releases(project.id(), s.id(), DIFF_RELEASES + 1)));
        List<List<Release>> found = Parallel.all(reads, READS_AT_ONCE, Interrupted::new);
        Map<String, List<Release>> releases = new LinkedHashMap<>();
        for (int i = 0; i < services.size(); i++) {
            releases.put(services.get(i).id(), found.get(i));
        }
        Instant now = clock.instant();
        EnvironmentDiff diff = EnvironmentDiff.of(state, a, b, releases, DIFF_RELEASES, (from, to) -> List.of(), now)
                .knowing(delivery.knownBad(state, now));
        if (api) {
            return json(diff.json());
        }
        return Response.html(200, new DiffPage(project, a, b, diff, now).render());
    }

    private Response metrics(Project project, Request request, boolean api) {
        int days = 30;
        if (request.param("days") != null) {
            days = MetricsPage.WINDOWS.stream().filter(d -> String.valueOf(d).equals(request.param("days"))).findFirst()
                    .orElseThrow(() -> new BadRequest("days must be one of " + MetricsPage.WINDOWS));
        }
        Instant now = clock.instant();
        DeliveryReport report = DeliveryMetrics.of(project, delivery, MetricsPage.window(days, now));
        if (api) {
            return json(MetricsDocument.of(project.id(), report));
        }
        return Response.html(200, new MetricsPage(project.id(), report, days, now).render());
    }

    private Response releaseSet(String id, boolean api) {
        ReleaseSetDetail detail = history.releaseSet(id).orElse(null);
        if (detail == null) {
            return error(api, 404, "No such release set", "No release set '" + id + "' in this table.");
        }
        Instant now = clock.instant();
        if (api) {
            return json(new ReleaseSetView(detail, now).json());
        }
        Project project = history.projectState(detail.set().projectId()).map(ProjectState::project).orElse(null);
        List<Callable<Optional<Deployment>>> reads = new ArrayList<>();
        detail.deployments().forEach(d -> reads.add(() -> history.previousSuccess(d)));
        Map<String, Deployment> previous = new LinkedHashMap<>();
        Parallel.all(reads, READS_AT_ONCE, Interrupted::new)
                .forEach(found -> found.ifPresent(d -> previous.put(d.serviceId(), d)));
        return Response.html(200, new ReleaseSetPage(detail, project, previous, now).render());
    }

    private Response error(boolean api, int status, String title, String message) {
        if (api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", title);
            body.put("message", message);
            return Response.json(status, write(body));
        }
        Html html = new Html();
        html.element("h1", title).element("p", message, "class", "reason");
        return Response.html(status, Layout.page(title, null, null, null, false, clock.instant(), html));
    }

    private static Response json(Object document) {
        return Response.json(200, JsonDocuments.write(document));
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A read cut short because the server is stopping. */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted while reading the table");
        }
    }

    /** The page and script files under {@code /static/}, from the jar. */
    static final class StaticFiles {

        private static final Map<String, String> TYPES = Map.of(
                "/static/dashboard.css", "text/css; charset=utf-8",
                "/static/live.js", "text/javascript; charset=utf-8");

        private StaticFiles() {}

        static Response get(String path) {
            String type = TYPES.get(path);
            if (type == null) {
                return Response.html(404, "not found");
            }
            try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard" + path.substring("/static".length()))) {
                if (in == null) {
                    throw new IllegalStateException(path + " is missing from the jar");
                }
                return new Response(200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
