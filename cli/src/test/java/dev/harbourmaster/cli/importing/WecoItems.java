package dev.harbourmaster.cli.importing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items of weco-deploy's release store, as its DynamoReleaseStore wrote them with boto3 (release_store.py:
 * prepare_release puts the release, add_deployment appends to its deployments and sets last_date_deployed;
 * project.py's deploy makes a deployment's details): Python None is NULL, dicts are maps, lists are lists.
 */
public final class WecoItems {

    private WecoItems() {}

    public static AttributeValue s(String value) {
        return value == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(value);
    }

    public static AttributeValue m(Map<String, AttributeValue> value) {
        return AttributeValue.fromM(value);
    }

    /** A deployment of the release to {@code environment}: the ECR tag moved per image, and the ECS services it forced. */
    public static AttributeValue deployment(String environment, String dateCreated, String requestedBy, String description,
                                            Map<String, AttributeValue> details) {
        Map<String, AttributeValue> d = new LinkedHashMap<>();
        d.put("environment", s(environment));
        d.put("date_created", s(dateCreated));
        d.put("requested_by", s(requestedBy));
        d.put("description", s(description));
        d.put("details", m(details));
        return m(d);
    }

    /** What weco-deploy did with one image: the tag result (success or noop) and the ECS deployments it started. */
    public static AttributeValue detail(String image, String ref, String environment, String status, String... ecs) {
        List<AttributeValue> deployments = Arrays.stream(ecs).map(service -> m(Map.of(
                "cluster_arn", s("arn:aws:ecs:eu-west-1:756629837203:cluster/catalogue-" + environment),
                "service_arn", s("arn:aws:ecs:eu-west-1:756629837203:service/catalogue-" + environment + "/" + service),
                "deployment_id", s("ecs-svc/" + Math.abs((service + environment + ref).hashCode()))))).toList();
        return m(Map.of(
                "tag_result", m(Map.of("source", s("uk.ac.wellcome/" + image + ":" + ref),
                        "target", s("uk.ac.wellcome/" + image + ":env." + environment), "status", s(status))),
                "ecs_deployments", AttributeValue.fromL(status.equals("noop") ? List.of() : deployments)));
    }

    /** A release: its images (id → ref tag, or null when none was released) and the deployments made of it. */
    public static Map<String, AttributeValue> release(String releaseId, String projectId, String dateCreated,
                                                      String requestedBy, String description, Map<String, String> images,
                                                      AttributeValue... deployments) {
        Map<String, AttributeValue> imageMap = new LinkedHashMap<>();
        images.forEach((k, v) -> imageMap.put(k, s(v)));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("release_id", s(releaseId));
        item.put("project_id", s(projectId));
        item.put("project_name", s("Catalogue API"));
        item.put("date_created", s(dateCreated));
        item.put("requested_by", s(requestedBy));
        item.put("description", s(description));
        item.put("images", m(imageMap));
        item.put("deployments", AttributeValue.fromL(List.of(deployments)));
        if (deployments.length > 0) {
            item.put("last_date_deployed", deployments[deployments.length - 1].m().get("date_created"));
        }
        return item;
    }

    public static final String ALICE = "arn:aws:sts::756629837203:assumed-role/catalogue-developer/alice";
    public static final String BOB = "arn:aws:sts::756629837203:assumed-role/catalogue-developer/bob";
    public static final String CI = "arn:aws:sts::760097843905:assumed-role/platform-ci/buildkite";
    public static final String SEARCH = "ref.a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    public static final String NGINX = "ref.0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
    public static final String ITEMS = "ref.c3d4e5f60718293a4b5c6d7e8f90123456789012";

    /**
     * The history of catalogue_api (the fixture's project): five releases, four deployments to environments
     * of the project file, one to an environment it no longer has, a release never deployed, one of an image
     * it no longer has, and a release of another project (tables were per project, but a Scan reads them all).
     */
    public static List<Map<String, AttributeValue>> catalogueApiHistory() {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("search", SEARCH);
        first.put("nginx_apigw", NGINX);
        first.put("items", null);
        Map<String, String> older = new LinkedHashMap<>();
        older.put("items", "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/items:" + ITEMS);
        older.put("nginx_apigw", "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/nginx_apigw:" + NGINX);
        Map<String, String> snapshot = new LinkedHashMap<>();
        snapshot.put("search", SEARCH);
        snapshot.put("snapshot_generator", "ref.d4e5f60718293a4b5c6d7e8f9012345678901234");
        return List.of(
                release("5b0c2e64-8d7e-4b2a-9a55-1f0e2d3c4b5a", "catalogue_api", "2021-03-01T10:00:00.123456", ALICE,
                        "Release based on latest", first,
                        deployment("stage", "2021-03-01T10:05:00.654321", ALICE, "Deploy the search relevance change",
                                Map.of("search", detail("search", SEARCH, "stage", "success", "search-api"),
                                        "nginx_apigw", detail("nginx_apigw", NGINX, "stage", "noop"))),
                        deployment("prod", "2021-03-02T09:00:00.000001", BOB, "Promote search relevance to prod",
                                Map.of("search", detail("search", SEARCH, "prod", "success", "search-api"),
                                        "nginx_apigw", detail("nginx_apigw", NGINX, "prod", "success", "search-api",
                                                "items-api")))),
                release("0f6c7a52-3e8e-4c4e-8d0b-6a7d1c2b3a49", "catalogue_api", "2020-10-01T11:59:00.000000", CI,
                        "No description provided", older,
                        deployment("stage", "2020-10-01T12:00:00.500000", CI, "No description provided",
                                Map.of("items", detail("items", ITEMS, "stage", "success", "items-api"))),
                        deployment("test", "2020-10-01T12:30:00.000000", CI, "No description provided", Map.of())),
                release("9d3f0b1e-2a4c-4e6f-8b7a-0c1d2e3f4a5b", "catalogue_api", "2021-03-03T08:00:00.000000", ALICE,
                        "prepared, never deployed", first),
                release("c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f", "catalogue_api", "2021-04-01T15:00:00.000000", BOB,
                        "Release based on latest", snapshot,
                        deployment("stage", "2021-04-01T15:10:00.000000", BOB, "Snapshot and search together",
                                Map.of("search", detail("search", SEARCH, "stage", "noop")))),
                release("e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b", "storage", "2021-04-02T15:00:00.000000", BOB,
                        "another project's", first,
                        deployment("stage", "2021-04-02T15:10:00.000000", BOB, "not ours", Map.of())));
    }
}
