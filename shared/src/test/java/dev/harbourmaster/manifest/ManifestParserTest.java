package dev.harbourmaster.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.TaskDefinitionBase;
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
                "environments[1].clustr: unknown key; expected one of id, name, cluster, ecsServiceName, ecsServiceNames, autoDeploy, approval, account, region, roleArn, taskDefinitionBase; did you mean cluster?",
                "environments[1].cluster: missing",
                "environments[1].ecsServiceName: unknown placeholder {svc}; use {project}, {serviceSet}, {service} or {env}",
                "environments[1].ecsServiceName: must contain {service}, or every service would share one ECS service name",
                "environments[1].autoDeploy: must be true or false, found 'sometimes'",
                "serviceSets[0].services[0].repository: 'Shop/Web' is not a valid ECR repository name (lower-case, digits, '.', '_', '-', '/';"
                        + " in another account's registry, after its host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/NAME)",
                "serviceSets[0].services[1].containers[1].name: duplicate container name 'app'",
                "serviceSets[0].services[1].id: duplicate service id 'web' (service ids are unique across the project)",
                "serviceSets[0].services[2]: needs 'repository' (one container) or 'containers' (a list of name + repository)");
        assertThat(error.getMessage()).startsWith("bad.yml: 10 problems");
    }

    @Test
    void anEnvironmentsTaskDefinitionBaseIsRunningUnlessItSaysLatest() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop-dev}
                  - {id: staging, cluster: shop-staging, taskDefinitionBase: latest}
                  - {id: prod, cluster: shop-prod, taskDefinitionBase: running}
                serviceSets:
                  - {id: all, services: [{id: web, repository: shop/web}]}
                """);

        assertThat(project.environments()).extracting(Environment::taskDefinitionBase)
                .containsExactly(TaskDefinitionBase.RUNNING, TaskDefinitionBase.LATEST, TaskDefinitionBase.RUNNING);
    }

    @Test
    void aPlacementAloneIsCheckedAsAnEnvironmentsIs() throws ManifestException {
        assertThat(ManifestParser.placement("--role-arn", null, "arn:aws:iam::210987654321:role/hm/workload"))
                .isEqualTo(new Placement("210987654321", null, "arn:aws:iam::210987654321:role/hm/workload"));
        ManifestException error = catchThrowableOfType(ManifestException.class,
                () -> ManifestParser.placement("flags", "eu-middle-9", "arn:aws:iam::2109:role/x"));
        assertThat(error.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("roleArn: 'arn:aws:iam::2109:role/x'"))
                .anySatisfy(p -> assertThat(p).startsWith("region: "));
    }

    @Test
    void aServiceWhoseNameFollowsNoRuleIsNamedApartAndOnlyServicesOfTheManifestMayBe() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: ops}
                environments:
                  - {id: stage, cluster: ops-stage, ecsServiceName: "{service}"}
                  - id: live
                    cluster: ops-live
                    ecsServiceNames: {pdf-render: pdfrender-prod}
                serviceSets:
                  - {id: all, services: [{id: billing, repository: ops/billing}, {id: pdf-render, repository: ops/pdf}]}
                """);
        Environment live = project.environments().get(1);
        assertThat(live.ecsServiceNameOf("ops", "all", "pdf-render")).isEqualTo("pdfrender-prod");
        assertThat(live.ecsServiceNameOf("ops", "all", "billing")).as("by the rule").isEqualTo("billing-live");

        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: ops}
                environments:
                  - id: live
                    cluster: ops-live
                    ecsServiceNames: {billing: "billing live", pdf-rendr: billing-x, web: billing-x}
                  - {id: stage, cluster: ops-stage, ecsServiceNames: [billing]}
                serviceSets:
                  - {id: all, services: [{id: billing, repository: ops/billing}, {id: pdf-render, repository: ops/pdf}]}
                """));
        assertThat(error.problems()).containsExactlyInAnyOrder(
                "environments[0].ecsServiceNames.billing: 'billing live' is not an ECS service name (letters, digits, - and _, at most 255)",
                "environments[0].ecsServiceNames.web: names ECS service 'billing-x', as pdf-rendr does: each service has its own",
                "environments[0].ecsServiceNames.pdf-rendr: no service 'pdf-rendr' in serviceSets; did you mean pdf-render?",
                "environments[0].ecsServiceNames.web: no service 'web' in serviceSets",
                "environments[1].ecsServiceNames: must be a mapping (key: value), found a list");
    }

    @Test
    void anUnknownTaskDefinitionBaseIsReportedWithItsPathAndATypoOfTheKeyIsSuggested() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop-dev, taskDefinitionBase: newest}
                  - {id: prod, cluster: shop-prod, taskDefinitionBse: latest}
                serviceSets:
                  - {id: all, services: [{id: web, repository: shop/web}]}
                """));

        assertThat(error.problems()).containsExactlyInAnyOrder(
                "environments[0].taskDefinitionBase: 'newest' is not a task definition base; use running (copy the revision"
                        + " the service runs, the default) or latest (copy the family's newest ACTIVE revision)",
                "environments[1].taskDefinitionBse: unknown key; expected one of id, name, cluster, ecsServiceName, ecsServiceNames,"
                        + " autoDeploy, approval, account, region, roleArn, taskDefinitionBase; did you mean taskDefinitionBase?");
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
    void anEnvironmentSaysWhereItLivesAndLeftOutIsTheStacksOwn() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop}
                  - id: staging
                    cluster: shop
                    account: "012345678901"
                    region: eu-west-1
                    roleArn: arn:aws:iam::012345678901:role/harbourmaster/Deployer
                  - {id: prod, cluster: shop, roleArn: "arn:aws:iam::210987654321:role/HarbourmasterDeployer"}
                  - {id: dr, cluster: shop, account: "333333333333", region: us-west-2}
                  - {id: cn, cluster: shop, region: cn-north-1, roleArn: "arn:aws-cn:iam::444444444444:role/Deployer"}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """);

        assertThat(project.environment("dev").orElseThrow().placement()).isEqualTo(Placement.HOME);
        assertThat(project.environment("staging").orElseThrow().placement()).isEqualTo(new Placement("012345678901",
                "eu-west-1", "arn:aws:iam::012345678901:role/harbourmaster/Deployer"));
        assertThat(project.environment("prod").orElseThrow().placement()).as("a role without an account: the role's")
                .isEqualTo(new Placement("210987654321", null, "arn:aws:iam::210987654321:role/HarbourmasterDeployer"));
        assertThat(project.environment("dr").orElseThrow().placement())
                .as("another account without a role parses; the deployer asks for the role")
                .isEqualTo(new Placement("333333333333", "us-west-2", null));
        assertThat(project.environment("cn").orElseThrow().placement().region()).isEqualTo("cn-north-1");
    }

    @Test
    void placementProblemsAreReportedWithTheirPathsAndTheFix() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: a, cluster: a, account: 012345670123}
                  - {id: b, cluster: b, account: 123456789012}
                  - {id: c, cluster: c, account: "12345"}
                  - {id: d, cluster: d, region: eu-west-9}
                  - {id: e, cluster: e, region: EU-WEST-1}
                  - {id: f, cluster: f, region: local}
                  - {id: g, cluster: g, roleArn: "arn:aws:iam::123:role/Deployer"}
                  - {id: h, cluster: h, roleArn: "arn:aws:iam::123456789012:user/deployer"}
                  - {id: i, cluster: i, account: "222222222222", roleArn: "arn:aws:iam::111111111111:role/Deployer"}
                  - {id: j, cluster: j, region: eu-west-1, roleArn: "arn:aws-cn:iam::111111111111:role/Deployer"}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """));

        assertThat(error.problems()).containsExactly(
                "environments[0].account: a YAML number (read as 1402433619): quote the 12 digits, account: \"012345678901\";"
                        + " unquoted, YAML drops leading zeros and reads some as octal",
                "environments[1].account: a YAML number (read as 123456789012): quote the 12 digits, account: \"012345678901\";"
                        + " unquoted, YAML drops leading zeros and reads some as octal",
                "environments[2].account: '12345' is not an AWS account id: write its 12 digits in quotes, account: \"123456789012\"",
                "environments[3].region: 'eu-west-9' is not an AWS region; did you mean eu-west-1 or eu-west-2 or eu-west-3?",
                "environments[4].region: 'EU-WEST-1' is not an AWS region; did you mean eu-west-1?",
                "environments[5].region: 'local' is not an AWS region: write a region's name, such as eu-west-1 or us-east-1",
                "environments[6].roleArn: 'arn:aws:iam::123:role/Deployer' is not an IAM role ARN: write"
                        + " arn:aws:iam::123456789012:role/NAME or arn:aws:iam::123456789012:role/PATH/NAME"
                        + " (partition aws, aws-cn or aws-us-gov)",
                "environments[7].roleArn: 'arn:aws:iam::123456789012:user/deployer' is not an IAM role ARN: write"
                        + " arn:aws:iam::123456789012:role/NAME or arn:aws:iam::123456789012:role/PATH/NAME"
                        + " (partition aws, aws-cn or aws-us-gov)",
                "environments[8].roleArn: the role is in 111111111111, the environment in 222222222222: a role is assumed"
                        + " in its own account; name a role of 222222222222 or leave account out",
                "environments[9].roleArn: the role is in partition aws-cn, region eu-west-1 in aws: a role is assumed"
                        + " in its own partition");
    }

    @Test
    void aRepositoryMayBeNamedWithItsRegistryAndItsRegionMustExist() throws ManifestException {
        Project project = parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: 210987654321.dkr.ecr.us-east-1.amazonaws.com/shop/web}
                      - {id: api, repository: shop/api}
                """);
        assertThat(project.repositories()).containsExactly("210987654321.dkr.ecr.us-east-1.amazonaws.com/shop/web", "shop/api");
        assertThat(EcrRepository.of("210987654321.dkr.ecr.us-east-1.amazonaws.com/shop/web"))
                .isEqualTo(new EcrRepository("210987654321", "us-east-1", "shop/web"));

        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: dev, cluster: shop}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: 210987654321.dkr.ecr.eu-west-9.amazonaws.com/shop/web}
                      - {id: api, repository: 210987654321.dkr.ecr.eu-west-1.amazonaws.com/Shop}
                """));
        assertThat(error.problems()).containsExactly(
                "serviceSets[0].services[0].repository: '210987654321.dkr.ecr.eu-west-9.amazonaws.com/shop/web' names"
                        + " ECR registry region 'eu-west-9', which is not an AWS region",
                "serviceSets[0].services[1].repository: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/Shop' is not a valid"
                        + " ECR repository name (lower-case, digits, '.', '_', '-', '/'; in another account's registry, after"
                        + " its host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/NAME)");
    }

    @Test
    void oneClusterInOneAccountAndRegionCannotBeTwoEnvironments() {
        ManifestException error = catchThrowableOfType(ManifestException.class, () -> parser.parse("m.yml", """
                project: {id: shop}
                environments:
                  - {id: staging, cluster: shop}
                  - {id: prod, cluster: shop}
                  - {id: eu, cluster: shop, account: "111111111111", region: eu-west-1}
                  - {id: us, cluster: shop, account: "111111111111", region: us-east-1}
                  - {id: eu2, cluster: shop, roleArn: "arn:aws:iam::111111111111:role/Deployer", region: eu-west-1}
                serviceSets:
                  - id: all
                    services:
                      - {id: web, repository: shop/web}
                """));

        assertThat(error.problems()).containsExactly(
                "environments[1].cluster: cluster 'shop' in the stack's own account and region is environment 'staging'"
                        + " already: one ECS cluster cannot be two environments",
                "environments[4].cluster: cluster 'shop' in account 111111111111, region eu-west-1 is environment 'eu'"
                        + " already: one ECS cluster cannot be two environments");
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
