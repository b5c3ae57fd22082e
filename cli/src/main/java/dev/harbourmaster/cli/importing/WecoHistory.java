package dev.harbourmaster.cli.importing;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * weco-deploy's release store (the DynamoDB table {@code wellcome-releases-<project id>} of its
 * {@code release_store.py}) as Harbourmaster release sets of kind IMPORTED. One item per release,
 * key {@code release_id} (a UUID):
 *
 * <pre>
 * release_id, project_id, project_name, date_created (utcnow().isoformat(): no zone, UTC),
 * requested_by (the caller's ARN, as STS told weco-deploy), description,
 * images       {image id: "ref.&lt;sha&gt;" (older: the whole ECR URI …/uk.ac.wellcome/ID:ref.&lt;sha&gt;), or null},
 * deployments  [{environment, date_created, requested_by, description,
 *                details {image id: {tag_result {source, target, status: success|noop},
 *                                    ecs_deployments [{cluster_arn, service_arn, deployment_id}]}}}],
 * last_date_deployed
 * </pre>
 *
 * Each deployment (a release applied to one environment) is one release set: in that environment,
 * requested when, by whom and why the deployment says, with a release per service of the images the
 * release named. weco-deploy never recorded whether ECS finished, so the status is UNKNOWN, and the
 * reason says what it did record (the ECS deployments it started, the tags already in place). A
 * release never deployed has no environment, so it makes no set. Ids are derived from the record
 * (its release id, the deployment's place in the list, environment and time), so a second import
 * makes the same ids, and the conditional writes find them there.
 */
final class WecoHistory {

    /** What was read and what it makes: the sets, and what was left out with why. */
    record Result(List<ReleaseSet> sets, List<WecoManifest.Note> skipped, int releases, int deployments,
                  int otherProjects) {}

    private static final Pattern REF = Pattern.compile("ref\\.(.+)");
    private static final String NO_DESCRIPTION = "No description provided";

    private final String wecoProject;
    private final WecoManifest.Mapping mapping;
    /** Environments the sets may go to (the registered project's, else the manifest's). */
    private final List<String> environments;

    WecoHistory(String wecoProject, WecoManifest.Mapping mapping, List<String> environments) {
        this.wecoProject = wecoProject;
        this.mapping = mapping;
        this.environments = environments;
    }

    Result sets(List<Map<String, AttributeValue>> items) {
        List<ReleaseSet> sets = new ArrayList<>();
        Map<String, Integer> unknownImages = new TreeMap<>();
        Map<String, Integer> unknownEnvironments = new TreeMap<>();
        List<WecoManifest.Note> skipped = new ArrayList<>();
        int releases = 0;
        int deployments = 0;
        int otherProjects = 0;
        for (Map<String, AttributeValue> item : items) {
            String releaseId = string(item, "release_id");
            String project = string(item, "project_id");
            if (releaseId == null) {
                skipped.add(new WecoManifest.Note("an item with no release_id", "not a weco-deploy release"));
                continue;
            }
            if (project != null && !project.equals(wecoProject)) {
                otherProjects++;
                continue;
            }
            releases++;
            Instant releaseCreated = time(string(item, "date_created"));
            List<Release> made = releases(item, releaseCreated, unknownImages);
            List<AttributeValue> list = item.containsKey("deployments") && item.get("deployments").hasL()
                    ? item.get("deployments").l() : List.of();
            for (int i = 0; i < list.size(); i++) {
                deployments++;
                String where = "release " + releaseId + ", deployment " + (i + 1);
                if (!list.get(i).hasM()) {
                    skipped.add(new WecoManifest.Note(where, "not a mapping"));
                    continue;
                }
                Map<String, AttributeValue> d = list.get(i).m();
                String wecoEnv = string(d, "environment");
                String env = wecoEnv == null ? null : mapping.environments().get(wecoEnv);
                if (env == null || !environments.contains(env)) {
                    unknownEnvironments.merge(wecoEnv == null ? "(none)" : wecoEnv, 1, Integer::sum);
                    continue;
                }
                Instant at = time(string(d, "date_created"));
                if (at == null) {
                    skipped.add(new WecoManifest.Note(where, "its date_created '" + string(d, "date_created")
                            + "' is not an ISO-8601 time"));
                    continue;
                }
                if (made.isEmpty()) {
                    skipped.add(new WecoManifest.Note(where, "no image of the release feeds a service of the manifest"));
                    continue;
                }
                String who = string(d, "requested_by");
                String ulid = Ulid.derived(at, "weco-deploy/" + wecoProject + "/" + releaseId + "/" + i + "/" + wecoEnv + "/"
                        + string(d, "date_created"));
                String description = string(d, "description");
                sets.add(new ReleaseSet(ReleaseSetIds.of(mapping.projectId(), env, ulid), mapping.projectId(), env,
                        made.size() == mapping.feeds().values().stream().flatMap(List::stream).map(WecoManifest.Feed::serviceId)
                                .distinct().count() ? mapping.serviceSetId() : null,
                        made, ReleaseSetKind.IMPORTED, who == null ? "weco-deploy (who not recorded)" : who,
                        description, at, ReleaseSetStatus.UNKNOWN, reason(item, releaseId, d),
                        who != null && who.startsWith("arn:") ? who : null));
            }
        }
        unknownImages.forEach((image, n) -> skipped.add(new WecoManifest.Note("image " + image, "in " + n
                + (n == 1 ? " release" : " releases") + ", but it feeds no service of the manifest: left out of their sets")));
        unknownEnvironments.forEach((env, n) -> skipped.add(new WecoManifest.Note("environment " + env, n
                + (n == 1 ? " deployment" : " deployments") + " not imported: "
                + (mapping.environments().containsKey(env) ? "the registered project has no environment "
                + mapping.environments().get(env) : "not an environment of the project file"))));
        sets.sort(Comparator.comparing(ReleaseSet::requestedAt).thenComparing(ReleaseSet::id));
        return new Result(sets, skipped, releases, deployments, otherProjects);
    }

    /** A release per service of the manifest that an image of the weco-deploy release feeds. */
    private List<Release> releases(Map<String, AttributeValue> item, Instant createdAt, Map<String, Integer> unknownImages) {
        Map<String, AttributeValue> images = item.containsKey("images") && item.get("images").hasM()
                ? new TreeMap<>(item.get("images").m()) : Map.of();
        Map<String, List<ReleaseImage>> byService = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> image : images.entrySet()) {
            String value = image.getValue().s();
            if (value == null || value.isBlank()) {
                continue; // weco-deploy released no image of it (None)
            }
            List<WecoManifest.Feed> feeds = mapping.feeds().get(image.getKey());
            if (feeds == null) {
                unknownImages.merge(image.getKey(), 1, Integer::sum);
                continue;
            }
            String tag = value.substring(value.lastIndexOf(':') + 1);
            var ref = REF.matcher(tag);
            String hash = ref.matches() ? ref.group(1) : tag;
            for (WecoManifest.Feed feed : feeds) {
                // No digest: weco-deploy kept the ref tag only. The image names the tag it moved.
                byService.computeIfAbsent(feed.serviceId(), s -> new ArrayList<>()).add(new ReleaseImage(feed.container(),
                        feed.repository(), null, feed.repository() + ":" + tag, hash));
            }
        }
        List<Release> releases = new ArrayList<>();
        byService.forEach((serviceId, list) -> {
            // Several images (an app and a sidecar such as nginx) may be of several commits: the release hash is the
            // service's own image's, the one that feeds the fewest services (a sidecar feeds many), first in the file.
            ReleaseImage own = list.stream().min(Comparator.comparingInt((ReleaseImage i) -> feeds(i.repository()))
                    .thenComparingInt(i -> position(i.repository()))).orElseThrow();
            releases.add(new Release(mapping.projectId(), mapping.serviceSetId(), serviceId, own.releaseHash(), list,
                    own.repository(), null, createdAt, null));
        });
        return releases;
    }

    /** How many services the manifest's repository feeds. */
    private int feeds(String repository) {
        return (int) mapping.feeds().values().stream().flatMap(List::stream).filter(f -> f.repository().equals(repository))
                .count();
    }

    /** Where the repository's image is in the project file (its image_repositories' order). */
    private int position(String repository) {
        int i = 0;
        for (List<WecoManifest.Feed> feeds : mapping.feeds().values()) {
            if (feeds.stream().anyMatch(f -> f.repository().equals(repository))) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** What weco-deploy recorded besides who, why and when: its release, and what it did with each image. */
    private static String reason(Map<String, AttributeValue> item, String releaseId, Map<String, AttributeValue> deployment) {
        StringBuilder why = new StringBuilder("imported from weco-deploy, which recorded no outcome; release ")
                .append(releaseId);
        String created = string(item, "date_created");
        String by = string(item, "requested_by");
        String description = string(item, "description");
        if (created != null || by != null) {
            why.append(" (prepared").append(created == null ? "" : " " + created).append(by == null ? "" : " by " + by)
                    .append(description == null || description.equals(NO_DESCRIPTION) ? "" : ": " + description).append(')');
        }
        Map<String, AttributeValue> details = deployment.containsKey("details") && deployment.get("details").hasM()
                ? new TreeMap<>(deployment.get("details").m()) : Map.of();
        List<String> started = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        details.forEach((image, value) -> {
            if (!value.hasM()) {
                return;
            }
            Map<String, AttributeValue> detail = value.m();
            AttributeValue tag = detail.get("tag_result");
            if (tag != null && tag.hasM() && "noop".equals(string(tag.m(), "status"))) {
                inPlace.add(image);
            }
            AttributeValue ecs = detail.get("ecs_deployments");
            if (ecs != null && ecs.hasL()) {
                for (AttributeValue e : ecs.l()) {
                    if (e.hasM()) {
                        started.add(image + " " + last(string(e.m(), "cluster_arn")) + "/" + last(string(e.m(), "service_arn"))
                                + " " + string(e.m(), "deployment_id"));
                    }
                }
            }
        });
        if (!started.isEmpty()) {
            why.append("; ECS deployments it started: ").append(String.join(", ", started));
        }
        if (!inPlace.isEmpty()) {
            why.append("; tags already in place, nothing rolled: ").append(String.join(", ", inPlace));
        }
        return why.toString();
    }

    private static String last(String arn) {
        return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    /**
     * weco-deploy's times: Python's isoformat() of utcnow(), with no zone (UTC) and microseconds; one with a
     * zone is read as it says. To the millisecond, as Harbourmaster keeps times. Null when it is none of these.
     */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.s() == null || value.s().isBlank() ? null : value.s();
    }

    /** For a dry run's list: when, where, who and why. */
    static String describe(ReleaseSet set) {
        return Times.format(set.requestedAt()) + "  " + set.environmentId() + "  " + set.requestedBy() + "  "
                + (set.description() == null ? "-" : set.description()) + "  (" + set.releases().size()
                + (set.releases().size() == 1 ? " service)" : " services)");
    }
}
