package dev.harbourmaster.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.manifest.ManifestParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The manifest hm init writes, from clusters as EstateScan reads them: it parses, and names each ECS service it read. */
class ManifestDraftTest {

    private static final String OWN = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String OTHER = "210987654321.dkr.ecr.us-east-1.amazonaws.com/";
    /** As StackHome names repositories: the stack's own registry by the name alone. */
    private static final UnaryOperator<String> REPOSITORY_ID = uri -> uri.startsWith(OWN) ? uri.substring(OWN.length()) : uri;

    private static EstateScan.EcsService service(String name, Map<String, String> tags, EstateScan.ContainerImage... containers) {
        return new EstateScan.EcsService(name, "ACTIVE", "ECS", tags, "arn:aws:ecs:eu-west-1:123456789012:task-definition/"
                + name + ":3", List.of(containers));
    }

    private static EstateScan.ContainerImage image(String container, String image) {
        return new EstateScan.ContainerImage(container, image);
    }

    @Test
    void aCleanNamingRuleAcrossTwoClusters() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(
                new EstateScan.Cluster("shop-staging", List.of(
                        service("shop-api-staging", Map.of(), image("api", OWN + "shop/api:ref.1111111")),
                        service("shop-worker-staging", Map.of(), image("worker", OWN + "shop/worker@sha256:" + "a".repeat(64))))),
                new EstateScan.Cluster("shop-prod", List.of(
                        service("shop-api-prod", Map.of(), image("api", OWN + "shop/api:ref.0000000")),
                        service("shop-worker-prod", Map.of(), image("worker", OWN + "shop/worker:latest")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of(), null, InitCommand.DEFAULT_SET_TAG, REPOSITORY_ID);
        Project project = parse(draft, clusters);

        assertThat(project.id()).isEqualTo("shop");
        assertThat(project.environments()).extracting(Environment::id).containsExactly("staging", "prod");
        assertThat(project.environments()).extracting(Environment::ecsServiceName).containsOnly("{project}-{service}-{env}");
        assertThat(project.serviceSets()).singleElement().satisfies(set -> {
            assertThat(set.id()).isEqualTo("shop");
            assertThat(set.services()).extracting(Service::id).containsExactly("api", "worker");
        });
        assertThat(project.service("api").orElseThrow().containers()).singleElement()
                .satisfies(c -> assertThat(c.repository()).isEqualTo("shop/api"));
        namesEveryServiceItRead(project, clusters, draft);
        assertThat(draft.leftOut()).isEmpty();
        assertThat(draft.notes()).isEmpty();
    }

    @Test
    void irregularNamesAreLeftOutAndSaidSo() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(
                new EstateScan.Cluster("payments-staging", List.of(
                        service("ledger-staging", Map.of(), image("ledger", OWN + "payments/ledger:ref.1111111")),
                        service("gateway-staging", Map.of(), image("gateway", OWN + "payments/gateway:ref.1111111")),
                        service("OldReports", Map.of(), image("reports", OWN + "payments/reports:v1")),
                        service("fraud_check_v2", Map.of(), image("fraud", OWN + "payments/fraud:ref.1111111")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of(), null, InitCommand.DEFAULT_SET_TAG, REPOSITORY_ID);
        Project project = parse(draft, clusters);

        assertThat(project.environments()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("staging");
            assertThat(e.ecsServiceName()).isEqualTo("{service}-{env}");
        });
        assertThat(project.services()).extracting(Service::id).containsExactly("ledger", "gateway");
        assertThat(draft.leftOut()).extracting(ManifestDraft.LeftOut::ecsService).containsExactly("OldReports", "fraud_check_v2");
        assertThat(draft.leftOut().get(0).reason()).contains("not a valid service id").contains("{service}-{env}");
        assertThat(draft.leftOut().get(1).reason()).contains("does not follow {service}-{env}")
                .contains("runs the containers of no service found elsewhere").contains("environments[staging].ecsServiceNames");
        assertThat(ManifestDraft.yaml(draft, List.of("payments-staging"), "2026-12-04"))
                .contains("# left out: ECS service OldReports");
        namesEveryServiceItRead(project, clusters, draft);
    }

    @Test
    void aServiceNamedOtherwiseInOneEnvironmentIsKnownByItsContainersAndNamedApart() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(
                new EstateScan.Cluster("ops-stage", List.of(
                        service("billing", Map.of(), image("billing", OWN + "ops/billing:r1")),
                        service("pdf-render", Map.of(), image("pdf-render", OWN + "ops/pdf:r1")),
                        service("audit", Map.of(), image("audit", OWN + "ops/audit:r1")))),
                new EstateScan.Cluster("ops-live", List.of(
                        service("billing-live", Map.of(), image("billing", OWN + "ops/billing:r1")),
                        service("audit-live", Map.of(), image("audit", OWN + "ops/audit:r1")),
                        service("pdfrender-prod", Map.of(), image("pdf-render", OWN + "ops/pdf:r1")),
                        service("pdfrender-canary", Map.of(), image("pdf-render", OWN + "ops/pdf:r2")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of(), null, InitCommand.DEFAULT_SET_TAG, REPOSITORY_ID);
        Project project = parse(draft, clusters);

        Environment live = project.environments().get(1);
        assertThat(live.ecsServiceName()).isEqualTo("{service}-{env}");
        assertThat(live.ecsServiceNames()).containsExactly(Map.entry("pdf-render", "pdfrender-prod"));
        assertThat(project.environments().get(0).ecsServiceNames()).isEmpty();
        assertThat(draft.leftOut()).singleElement().satisfies(out -> {
            assertThat(out.ecsService()).as("pdf-render is named already").isEqualTo("pdfrender-canary");
            assertThat(out.reason()).contains("it runs the containers of pdf-render, which live has already");
        });
        assertThat(ManifestDraft.yaml(draft, List.of("ops-stage", "ops-live"), "2026-12-04"))
                .contains("    ecsServiceNames:   # these follow no rule").contains("      pdf-render: pdfrender-prod\n");
        namesEveryServiceItRead(project, clusters, draft);
    }

    @Test
    void twoServicesRunningTheSameContainersCannotBeToldApartAndAreLeftOut() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(
                new EstateScan.Cluster("web-staging", List.of(
                        service("site-staging", Map.of(), image("app", OWN + "web/app:r1")),
                        service("admin-staging", Map.of(), image("app", OWN + "web/app:r1")),
                        service("api-staging", Map.of(), image("api", OWN + "web/api:r1")))),
                new EstateScan.Cluster("web-prod", List.of(
                        service("site-prod", Map.of(), image("app", OWN + "web/app:r1")),
                        service("api-prod", Map.of(), image("api", OWN + "web/api:r1")),
                        service("backoffice", Map.of(), image("app", OWN + "web/app:r1")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of(), null, InitCommand.DEFAULT_SET_TAG, REPOSITORY_ID);

        assertThat(draft.environments().get(1).named()).as("admin? hm cannot know").isEmpty();
        assertThat(draft.leftOut()).singleElement().satisfies(out -> {
            assertThat(out.ecsService()).isEqualTo("backoffice");
            assertThat(out.reason()).contains("the same containers as site and admin: hm cannot tell which it is");
        });
    }

    @Test
    void severalContainersWithASidecarOutsideEcrAndSetsFromATag() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(new EstateScan.Cluster("catalogue-prod", List.of(
                service("search-prod", Map.of("harbourmaster:service-set", "api"),
                        image("app", OWN + "catalogue/search:ref.2222222"),
                        image("nginx", OTHER + "platform/nginx:1.27"),
                        image("datadog", "public.ecr.aws/datadog/agent:7")),
                service("requests-prod", Map.of("harbourmaster:service-set", "api"),
                        image("app", OWN + "catalogue/requests:ref.2222222"),
                        image("envoy", "envoyproxy/envoy:v1.31")),
                service("ingestor-prod", Map.of("harbourmaster:service-set", "Pipeline"),
                        image("ingestor", OWN + "catalogue/ingestor:ref.2222222")),
                service("statsd-prod", Map.of(), image("statsd", "docker.io/statsd/statsd")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of(), null, InitCommand.DEFAULT_SET_TAG, REPOSITORY_ID);
        Project project = parse(draft, clusters);

        assertThat(project.serviceSets()).extracting(s -> s.id()).containsExactly("api", "pipeline");
        Service search = project.service("search").orElseThrow();
        assertThat(search.containers()).extracting(c -> c.name() + "<-" + c.repository())
                .containsExactly("app<-catalogue/search", "nginx<-" + OTHER + "platform/nginx");
        assertThat(project.service("requests").orElseThrow().containers()).extracting(c -> c.name()).containsExactly("app");
        assertThat(project.service("ingestor").orElseThrow().containers()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("ingestor"));
        assertThat(project.service("statsd")).isEmpty();
        assertThat(draft.leftOut()).extracting(o -> o.ecsService() + "/" + o.container())
                .containsExactly("search-prod/datadog", "requests-prod/envoy", "statsd-prod/statsd", "statsd-prod/null");
        assertThat(draft.notes()).singleElement().asString().contains("Pipeline").contains("'pipeline'");
        String yaml = ManifestDraft.yaml(draft, List.of("catalogue-prod"), "2026-12-04");
        assertThat(yaml).contains("repository: catalogue/ingestor").contains("# left out: container datadog");
    }

    @Test
    void oneServiceInManyClustersIsOneService() throws Exception {
        List<EstateScan.Cluster> clusters = List.of(
                new EstateScan.Cluster("blue", List.of(service("api", Map.of(), image("api", OWN + "x/api:ref.1111111")))),
                new EstateScan.Cluster("green", List.of(service("api", Map.of(), image("api", OWN + "x/api:ref.1111111")))));

        ManifestDraft.Draft draft = ManifestDraft.infer(clusters, List.of("staging", "prod"), "x", "team", REPOSITORY_ID);
        Project project = parse(draft, clusters);

        assertThat(project.environments()).extracting(Environment::id).containsExactly("staging", "prod");
        assertThat(project.environments()).extracting(Environment::ecsServiceName).containsOnly("{service}");
        assertThat(project.services()).extracting(Service::id).containsExactly("api");
        assertThat(project.serviceSets()).extracting(s -> s.id()).containsExactly("blue");
    }

    @Test
    void scalarsAreQuotedWhenYamlWouldReadThemOtherwise() {
        assertThat(ManifestDraft.scalar("shop/api")).isEqualTo("shop/api");
        assertThat(ManifestDraft.scalar("{service}-{env}")).isEqualTo("\"{service}-{env}\"");
        assertThat(ManifestDraft.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(ManifestDraft.scalar("2024")).isEqualTo("\"2024\"");
        assertThat(ManifestDraft.scalar("a\"b")).isEqualTo("\"a\\\"b\"");
    }

    private static Project parse(ManifestDraft.Draft draft, List<EstateScan.Cluster> clusters) throws Exception {
        String yaml = ManifestDraft.yaml(draft, clusters.stream().map(EstateScan.Cluster::name).toList(), "2026-12-04");
        return new ManifestParser().parse("harbourmaster.yml", yaml);
    }

    /** Each service the manifest has names, by its environment's rule, the ECS service it was read from. */
    private static void namesEveryServiceItRead(Project project, List<EstateScan.Cluster> clusters, ManifestDraft.Draft draft) {
        List<String> named = new ArrayList<>();
        for (Environment e : project.environments()) {
            project.serviceSets().forEach(set -> set.services().forEach(s -> named.add(e.cluster() + "/"
                    + e.ecsServiceNameOf(project.id(), set.id(), s.id()))));
        }
        List<String> read = new ArrayList<>();
        for (EstateScan.Cluster c : clusters) {
            c.services().stream().filter(s -> draft.leftOut().stream().noneMatch(o -> o.container() == null
                    && o.ecsService().equals(s.name()))).forEach(s -> read.add(c.name() + "/" + s.name()));
        }
        assertThat(named).containsAll(read);
    }
}
