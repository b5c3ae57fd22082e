package dev.harbourmaster.cli.init;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.cli.project.ProjectApply;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Output;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * hm init: a manifest for ECS services that exist already (made by Terraform, CDK or the console),
 * written from what the clusters run. Requests: per cluster, ListServices (a page per 10 services) and
 * DescribeServices with tags (one per 10); one DescribeTaskDefinition per distinct revision; STS
 * GetCallerIdentity once when an image is in a registry named by account (to tell the stack's own
 * registry from another's). With --apply, then what hm project apply --adopt asks.
 */
@Command(name = "init", footerHeading = Hm.EXAMPLES, footer = {
        "  hm init -c shop-staging -c shop-prod           # writes ./harbourmaster.yml",
        "  hm init -c ecs-main --env-name prod --dry-run  # print it, write nothing",
        "  hm init -c shop-staging -c shop-prod --apply   # then apply it --adopt"},
        description = "Write a harbourmaster.yml for ECS services that exist already: environments from the clusters,"
                + " the ecsServiceName rule from the services' names, service sets from a tag (or per cluster),"
                + " containers and repositories from the task definitions' ECR images. Prints what it inferred and"
                + " what it could not; never overwrites a file without --force.")
public final class InitCommand extends HmCommand {

    public static final String DEFAULT_SET_TAG = "harbourmaster:service-set";

    @Option(names = {"-c", "--cluster"}, required = true, paramLabel = "CLUSTER",
            description = "An ECS cluster to read: one environment each. Repeat it for several, in the order the"
                    + " environments are promoted through (staging before prod).")
    List<String> clusters;

    @Option(names = "--env-name", paramLabel = "ENV", description = "The environment id of each --cluster, in the same"
            + " order (fewer: the rest are read from the cluster names).")
    List<String> environmentNames = new ArrayList<>();

    @Option(names = "--project-id", paramLabel = "ID", description = "The new project's id. Default: the words the"
            + " cluster names share (shop-staging, shop-prod: shop).")
    String projectId;

    @Option(names = "--set-tag", paramLabel = "TAG", defaultValue = DEFAULT_SET_TAG, description = "The ECS service tag"
            + " whose value is the service's service set. Services without it: one set per cluster. Default: ${DEFAULT-VALUE}.")
    String setTag;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "Read the clusters through this IAM role, in its"
            + " account (the spoke stack's workload role), and write it with that account as each environment's roleArn"
            + " and account. Default: your own credentials, nothing written.")
    String roleArn;

    @Option(names = "--region", paramLabel = "REGION", description = "The clusters' region, written as each"
            + " environment's region when it is not yours (AWS_REGION). Default: your region.")
    String region;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "harbourmaster.yml",
            description = "Where to write the manifest. Default: ${DEFAULT-VALUE}. (-o is --output, as for every command.)")
    Path file;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Option(names = "--dry-run", description = "Print the manifest and what was inferred; write nothing (with --apply:"
            + " and what hm project apply --adopt would do).")
    boolean dryRun;

    @Option(names = "--apply", description = "Then register the manifest and adopt what runs: hm project apply -f FILE --adopt.")
    boolean apply;

    public InitCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        checkUsage();
        if (!dryRun && !force && Files.exists(file)) {
            throw new CliException(file + " exists: hm init never overwrites a file without --force (or write another"
                    + " with -f FILE)");
        }
        Placement where = placement();
        List<EstateScan.Cluster> scanned = new EstateScan(session.ecs(where), where).scan(clusters);
        ManifestDraft.Draft draft = ManifestDraft.infer(scanned, environmentNames, projectId, setTag,
                uri -> session.stackHome().repositoryId(uri));
        checkEnvironments(draft);
        String yaml = ManifestDraft.yaml(draft, clusters, LocalDate.now(ZoneOffset.UTC).toString(), where);
        try {
            new ManifestParser().parse(file.toString(), yaml);
        } catch (ManifestException e) {
            throw new CliException("internal error: hm init made a manifest hm cannot read (report it, with this): "
                    + e.getMessage());
        }
        Output out = output();
        boolean nothing = draft.services().isEmpty();
        boolean written = false;
        if (!dryRun && !nothing) {
            write(yaml);
            written = true;
        }
        ProjectApply.Report applied = null;
        if (apply && !nothing) {
            applied = new ProjectApply(session, common.table).apply(dryRun ? temporary(yaml) : file, dryRun, true);
        }
        if (out.isJson()) {
            out.json(json(draft, yaml, written, applied));
        } else {
            report(out, scanned, draft, yaml, written);
            if (applied != null) {
                out.say("");
                out.say("hm project apply -f " + file + (dryRun ? " --dry-run" : "") + " --adopt:");
                applied.print(out);
            }
        }
        if (nothing) {
            throw new CliException("no service of " + String.join(", ", clusters) + " can be described in a manifest"
                    + " (each is left out above, with why): nothing written");
        }
        if (applied != null) {
            applied.failIfNotAdopted();
        }
        return 0;
    }

    private void checkUsage() {
        Set<String> seen = new HashSet<>();
        for (String cluster : clusters) {
            if (!seen.add(cluster)) {
                throw new CliException("--cluster " + cluster + " is given twice: one cluster is one environment", 2);
            }
        }
        if (environmentNames.size() > clusters.size()) {
            throw new CliException(environmentNames.size() + " --env-name for " + clusters.size() + " --cluster: give one"
                    + " environment id per cluster, in the same order", 2);
        }
        for (String env : environmentNames) {
            if (!NamingRules.ID.matcher(env).matches()) {
                throw new CliException("--env-name " + env + ": an environment id is lower-case letters, digits, - and _"
                        + " (at most 63), e.g. " + ClusterNames.id(env), 2);
            }
        }
        if (projectId != null && !NamingRules.ID.matcher(projectId).matches()) {
            throw new CliException("--project-id " + projectId + ": a project id is lower-case letters, digits, - and _"
                    + " (at most 63), e.g. " + ClusterNames.id(projectId), 2);
        }
        if (setTag.isBlank()) {
            throw new CliException("--set-tag must name a tag", 2);
        }
    }

    /**
     * Where the clusters are, as the manifest will say it: checked as the manifest parser checks an
     * environment's account, region and roleArn, so a mistake is named before anything is read.
     */
    private Placement placement() {
        if (roleArn == null && region == null) {
            return Placement.HOME;
        }
        try {
            Placement read = ManifestParser.placement("--role-arn/--region", region, roleArn);
            boolean yourRegion = session.ecs().serviceClientConfiguration().region().id().equals(read.region());
            return read.roleArn() == null && yourRegion ? Placement.HOME : read;
        } catch (ManifestException e) {
            throw new CliException(String.join("; ", e.problems().stream().map(p -> p
                    .replaceFirst("^roleArn: ", "--role-arn: ").replaceFirst("^region: ", "--region: ")).toList()), 2);
        }
    }

    /** Two clusters read as one environment: say which, and how to name them. */
    private void checkEnvironments(ManifestDraft.Draft draft) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        draft.environments().forEach(e -> byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e.cluster()));
        byId.forEach((id, list) -> {
            if (list.size() > 1) {
                throw new CliException("clusters " + String.join(" and ", list) + " both read as environment '" + id
                        + "': name each with --env-name, in the order of --cluster", 2);
            }
        });
    }

    private void write(String yaml) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (force) {
                Files.writeString(file, yaml);
            } else {
                Files.writeString(file, yaml, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(file + " exists (written meanwhile): pass --force to overwrite it");
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Path temporary(String yaml) {
        try {
            Path temp = Files.createTempFile("harbourmaster-init-", ".yml");
            temp.toFile().deleteOnExit();
            return Files.writeString(temp, yaml);
        } catch (IOException e) {
            throw new CliException("cannot write a temporary manifest for --dry-run --apply: " + e.getMessage());
        }
    }

    private void report(Output out, List<EstateScan.Cluster> scanned, ManifestDraft.Draft draft, String yaml,
                        boolean written) {
        out.say("Read " + scanned.size() + " cluster" + (scanned.size() == 1 ? "" : "s") + ": " + scanned.stream()
                .map(c -> c.name() + " (" + c.services().size() + " service" + (c.services().size() == 1 ? "" : "s") + ")")
                .collect(Collectors.joining(", ")));
        out.say("Project " + draft.projectId() + ": from " + draft.projectFrom() + ".");
        out.say("");
        out.say("Inferred:");
        List<Map<String, Object>> environments = new ArrayList<>();
        for (ManifestDraft.Environment e : draft.environments()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("environment", e.id() + (e.idGuessed() ? " (the cluster's name)" : ""));
            row.put("cluster", e.cluster());
            row.put("ecsServiceName", e.rule());
            long total = scanned.stream().filter(c -> c.name().equals(e.cluster())).findFirst().map(c -> c.services().size())
                    .orElse(0);
            row.put("fits", e.serviceIds().size() + " of " + total + " services"
                    + (e.named().isEmpty() ? "" : ", " + e.named().size() + " named apart"));
            environments.add(row);
        }
        out.table(environments);
        out.say("");
        List<Map<String, Object>> services = new ArrayList<>();
        for (ManifestDraft.ServiceSet set : draft.serviceSets()) {
            for (ManifestDraft.Service s : set.services()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("serviceSet", set.id());
                row.put("service", s.id());
                row.put("containers", s.containers().stream().map(c -> c.name() + " <- " + c.repository())
                        .collect(Collectors.joining(", ")));
                row.put("ecsServices", draft.environments().stream().flatMap(e -> Stream.concat(
                                e.serviceIds().entrySet().stream().filter(x -> x.getValue().equals(s.id()))
                                        .map(x -> e.id() + ": " + x.getKey()),
                                Optional.ofNullable(e.named().get(s.id())).map(n -> e.id() + ": " + n + " (named apart)").stream()))
                        .collect(Collectors.joining(", ")));
                services.add(row);
            }
        }
        if (!services.isEmpty()) {
            out.table(services);
        }
        out.say("Service sets: " + (draft.serviceSets().isEmpty() ? "none" : draft.serviceSets().stream()
                .map(s -> s.id() + " (from " + (s.from().equals("tag") ? "tag " + setTag : s.from().equals("cluster")
                        ? "the cluster" : "tag " + setTag + " and the cluster") + ")").collect(Collectors.joining(", ")))
                + "; services without a " + setTag + " tag are grouped by cluster (--set-tag names another tag).");
        List<ManifestDraft.LeftOut> leftOut = draft.leftOut();
        List<String> guessed = draft.environments().stream().filter(ManifestDraft.Environment::idGuessed)
                .map(e -> e.cluster()).toList();
        if (!leftOut.isEmpty() || !draft.notes().isEmpty() || !guessed.isEmpty()) {
            out.say("");
            out.say("Could not infer (left out of the manifest, or check these):");
            for (ManifestDraft.LeftOut o : leftOut) {
                if (o.container() == null) {
                    out.say("  " + o.environment() + "/" + o.ecsService() + ": " + o.reason());
                }
            }
            // A sidecar is usually in many services: once per container and image, naming the services.
            Map<String, List<ManifestDraft.LeftOut>> sidecars = new LinkedHashMap<>();
            leftOut.stream().filter(o -> o.container() != null).forEach(o -> sidecars
                    .computeIfAbsent(o.container() + " (" + o.image() + ")", k -> new ArrayList<>()).add(o));
            sidecars.forEach((container, in) -> out.say("  container " + container + " of " + in.stream()
                    .map(o -> o.environment() + "/" + o.ecsService()).collect(Collectors.joining(", ")) + ": "
                    + in.get(0).reason()));
            guessed.forEach(c -> out.say("  cluster " + c + ": no environment word in its name; its environment id is the"
                    + " whole name (name it with --env-name)"));
            draft.notes().forEach(n -> out.say("  " + n));
        }
        out.say("");
        if (dryRun) {
            out.say("The manifest (dry run, not written):");
            out.say("");
            yaml.lines().forEach(l -> out.say("  " + l));
        } else if (written) {
            out.say("Wrote " + file + ". Next: " + Shell.command("hm", "project", "apply", "-f", file.toString(), "--dry-run")
                    + ", then " + Shell.command("hm", "project", "apply", "-f", file.toString(), "--adopt")
                    + " (registers it and records what runs now as each service's baseline).");
        }
    }

    private Map<String, Object> json(ManifestDraft.Draft draft, String yaml, boolean written, ProjectApply.Report applied) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", draft.projectId());
        json.put("projectFrom", draft.projectFrom());
        json.put("file", file.toString());
        json.put("written", written);
        json.put("setTag", setTag);
        json.put("environments", draft.environments().stream().map(e -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", e.id());
            j.put("cluster", e.cluster());
            j.put("idGuessed", e.idGuessed());
            j.put("ecsServiceName", e.rule());
            j.put("services", e.serviceIds());
            j.put("ecsServiceNames", e.named());
            return j;
        }).toList());
        json.put("serviceSets", draft.serviceSets().stream().map(s -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", s.id());
            j.put("from", s.from());
            j.put("services", s.services().stream().map(ManifestDraft.Service::id).toList());
            return j;
        }).toList());
        json.put("services", draft.services().stream().map(s -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", s.id());
            j.put("containers", s.containers().stream().map(c -> {
                Map<String, Object> cj = new LinkedHashMap<>();
                cj.put("name", c.name());
                cj.put("repository", c.repository());
                cj.put("image", c.image());
                return cj;
            }).toList());
            return j;
        }).toList());
        json.put("leftOut", draft.leftOut().stream().map(o -> {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("environment", o.environment());
            j.put("ecsService", o.ecsService());
            j.put("container", o.container());
            j.put("image", o.image());
            j.put("reason", o.reason());
            return j;
        }).toList());
        json.put("notes", draft.notes());
        json.put("manifest", yaml);
        json.put("apply", applied == null ? null : applied.json());
        return json;
    }
}
