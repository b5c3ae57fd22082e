package dev.harbourmaster.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.WideProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser();

    @Test
    void exampleManifestParsesIntoTheDomain() {
        Project project = Fixtures.exampleProject();

        assertThat(project.id()).isEqualTo("catalogue");
        assertThat(project.environments()).extracting("id").containsExactly("staging", "prod");
        assertThat(project.environment("staging").orElseThrow().autoDeploy()).isTrue();
        assertThat(project.serviceSets()).extracting("id").containsExactly("pipeline", "api");
        assertThat(project.service("id_minter").orElseThrow().containers())
                .containsExactly(new Container("id_minter", "catalogue/id_minter"));
        assertThat(project.service("requests").orElseThrow().containers()).extracting("name").containsExactly("app", "nginx");
        assertThat(project.feedsOf("platform/nginx")).extracting(f -> f.service().id()).containsExactly("requests", "search");
        assertThat(project.environment("prod").orElseThrow().ecsServiceNameOf("catalogue", "api", "search"))
                .isEqualTo("catalogue-search-prod");
    }

    @Test
    void defaultsApplyWhenLeftOut() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop-dev}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """);

        assertThat(project.name()).isEqualTo("shop");
        assertThat(project.environments().get(0).ecsServiceName()).isEqualTo("{service}-{env}");
        assertThat(project.environments().get(0).autoDeploy()).isFalse();
        assertThat(project.releaseHashRule().hashOf("ref.abc1234")).contains("abc1234");
    }

    @Test
    void oneRepositoryMayFeedHundredsOfServices() {
        // A push's writes go in as many transactions as they need: the 99 a transaction left room for is no limit now.
        Project project = WideProjects.of("wide", "platform/base", 250, List.of("staging"));

        assertThat(project.feedsOf("platform/base")).hasSize(250);
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("bad.yml", """
                project: {id: Shop!}
                environments:
                  - {id: dev, cluster: shop-dev}
                  - {id: prod, clustr: shop-prod, ecsServiceName: "{env}-{svc}", autoDeploy: sometimes}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: Shop/Web}
                      - {id: web, containers: [{name: app, repository: shop/a}, {name: app, repository: shop/b}]}
                      - {id: worker}
                """));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "project.id: 'Shop!' is not a valid id: use lower-case letters, digits, '-' and '_' (at most 63)",
                "environments[1].clustr: unknown key; expected one of id, name, cluster, ecsServiceName, autoDeploy, approval; did you mean cluster?",
                "environments[1].cluster: missing",
                "environments[1].ecsServiceName: unknown placeholder {svc}; use {project}, {serviceSet}, {service} or {env}",
                "environments[1].ecsServiceName: must contain {service}, or every service would share one ECS service name",
                "environments[1].autoDeploy: must be true or false, found 'sometimes'",
                "serviceSets[0].services[0].repository: 'Shop/Web' is not a valid ECR repository name (lower-case, digits, '.', '_', '-', '/')",
                "serviceSets[0].services[1].containers[1].name: duplicate container name 'app'",
                "serviceSets[0].services[1].id: duplicate service id 'web' (service ids are unique across the project)",
                "serviceSets[0].services[2]: needs 'repository' (one container) or 'containers' (a list of name + repository)");
        assertThat(error.getMessage()).startsWith("bad.yml: 10 problems");
    }

    @Test
    void anEnvironmentMayRequireApprovalByIamArnPatterns() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: staging, cluster: shop-staging}
                  - id: prod
                    cluster: shop-prod
                    approval:
                      required: true
                      approvers:
                        - "arn:aws:iam::123456789012:role/Lead*"
                        - "arn:aws:sts::123456789012:assumed-role/Release/*"
                      allowSelfApproval: true
                  - id: dr
                    cluster: shop-dr
                    approval: {}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """);

        assertThat(project.environment("staging").orElseThrow().approval()).as("absent: no gate").isEqualTo(ApprovalRule.NONE);
        ApprovalRule prod = project.environment("prod").orElseThrow().approval();
        assertThat(prod.required()).isTrue();
        assertThat(prod.allowSelfApproval()).isTrue();
        assertThat(prod.approvers()).extracting(ArnPattern::text).containsExactly("arn:aws:iam::123456789012:role/Lead*",
                "arn:aws:sts::123456789012:assumed-role/Release/*");
        assertThat(project.environment("dr").orElseThrow().approval())
                .as("a block without required requires; without approvers anyone but the requester approves")
                .isEqualTo(new ApprovalRule(true, List.of(), false));
    }

    @Test
    void approvalProblemsAreReportedWithTheirPaths() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: staging, cluster: shop-staging, approval: yes please}
                  - id: prod
                    cluster: shop-prod
                    approval:
                      required: maybe
                      approvers: ["alice", "arn:aws:iam::123456789012:role/Lead*", "arn:aws:s3:::bucket", ""]
                      allowSelfAproval: true
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "environments[0].approval: must be a mapping (key: value), found 'yes please'",
                "environments[1].approval.required: must be true or false, found 'maybe'",
                "environments[1].approval.approvers[0]: 'alice' is not an IAM ARN or a pattern of one: write"
                        + " arn:aws:iam::123456789012:role/NAME, arn:aws:iam::123456789012:user/NAME or"
                        + " arn:aws:sts::123456789012:assumed-role/ROLE/SESSION, with * and ? as wildcards"
                        + " (leave approvers out to let anyone approve)",
                "environments[1].approval.approvers[2]: 'arn:aws:s3:::bucket' is not an IAM ARN or a pattern of one: write"
                        + " arn:aws:iam::123456789012:role/NAME, arn:aws:iam::123456789012:user/NAME or"
                        + " arn:aws:sts::123456789012:assumed-role/ROLE/SESSION, with * and ? as wildcards"
                        + " (leave approvers out to let anyone approve)",
                "environments[1].approval.approvers[3]: must not be empty",
                "environments[1].approval.allowSelfAproval: unknown key; expected one of required, approvers,"
                        + " allowSelfApproval; did you mean allowSelfApproval?");
    }

    @Test
    void aMistypedKeySaysWhichItMeant() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop, nmae: Shop}
                enviroments: [{id: dev, cluster: shop-dev}]
                serviceSets: [{id: all, services: [{id: web, repository: shop/web}], colour: blue}]
                """));

        assertThat(error.problems()).contains(
                "enviroments: unknown key; expected one of project, releaseHash, environments, serviceSets;"
                        + " did you mean environments?",
                "project.nmae: unknown key; expected one of id, name; did you mean name?",
                "serviceSets[0].colour: unknown key; expected one of id, name, services");
    }

    @Test
    void theProjectIdIsReadAloneWhateverElseIsWrong(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yml"), "project: {id: shop}\nenvironments: nope\n");
        Path noId = Files.writeString(dir.resolve("no-id.yml"), "project: {name: Shop}\n");
        Path badId = Files.writeString(dir.resolve("bad-id.yml"), "project: {id: Shop!}\n");

        assertThat(parser.projectId(broken)).isEqualTo("shop");
        assertThat(catchThrowableOfType(ManifestException.class, () -> parser.projectId(noId)).problems())
                .containsExactly("project.id: missing");
        assertThat(catchThrowableOfType(ManifestException.class, () -> parser.projectId(badId)).problems())
                .containsExactly("project.id: 'Shop!' is not a valid id: use lower-case letters, digits, '-' and '_' (at most 63)");
        assertThat(catchThrowableOfType(ManifestException.class, () -> parser.projectId(dir.resolve("none.yml"))).problems())
                .containsExactly("file not found; pass the manifest with -f PATH");
    }

    @Test
    void missingSectionsAreNamed() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", "project: {id: shop}\n"));

        assertThat(error.problems()).containsExactly("environments: missing", "serviceSets: missing");
    }

    @Test
    void yamlSyntaxErrorsSayWhere() {
        ManifestException error = catchThrowableOfType(ManifestException.class,
                () -> parser.parse("m.yml", "project:\n  id: shop\n   name: [unclosed\n"));

        assertThat(error.problems()).singleElement().asString().startsWith("line 3, column ");
    }

    @Test
    void badReleaseHashPatternsAreReported() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                releaseHash: {tagPatterns: ["(unclosed", "(a)(b)"]}
                environments: [{id: dev, cluster: c}]
                serviceSets: [{id: all, services: [{id: web, repository: shop/web}]}]
                """));

        assertThat(error.problems()).hasSize(2);
        assertThat(error.problems().get(0)).startsWith("releaseHash.tagPatterns[0]: not a valid regular expression");
        assertThat(error.problems().get(1)).startsWith("releaseHash.tagPatterns[1]: has more than one capturing group");
    }

    @Test
    void tagPatternsRe2CannotRunQuicklyAreRefusedWithTheirPath() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                releaseHash: {tagPatterns: ['(.*a){20}', '((a{1000}){1000}){1000}', '(?!v)([0-9a-f]{7})']}
                environments: [{id: dev, cluster: c}]
                serviceSets: [{id: all, services: [{id: web, repository: shop/web}]}]
                """));

        // The review's (.*a){20} is harmless to RE2, so it passes; the other two do not.
        assertThat(error.problems()).containsExactly(
                "releaseHash.tagPatterns[1]: has counted repetitions ({n,m}) that multiply to 1000000000 when nested;"
                        + " at most 1000, as in RE2",
                "releaseHash.tagPatterns[2]: not a valid regular expression (RE2 syntax: no lookaround, no"
                        + " backreferences): invalid or unsupported Perl syntax: `(?!`");
    }

    @Test
    void atMostTenTagPatterns() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                releaseHash: {tagPatterns: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11]}
                environments: [{id: dev, cluster: c}]
                serviceSets: [{id: all, services: [{id: web, repository: shop/web}]}]
                """));

        assertThat(error.problems()).containsExactly("releaseHash.tagPatterns: 11 patterns; at most 10");
    }

    @Test
    void aMissingFileSaysHowToPassOne() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse(Path.of("/nonexistent/hm.yml")));

        assertThat(error.problems()).containsExactly("file not found; pass the manifest with -f PATH");
    }

    @Test
    void anEmptyFileIsAProblemNotACrash() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", ""));

        assertThat(error.problems()).containsExactly("(top): missing");
    }
}
