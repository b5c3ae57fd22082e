package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.StreamImages;
import dev.harbourmaster.support.Log;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Release sets told to GitHub: one deployment per set and target (repository and commit), and a
 * deployment status for each change of the set's status (in_progress, success, failure). A
 * redelivered record finds the deployment it made before (listed by ref and environment, matched
 * by {@code payload.releaseSet}) instead of making a second. In production environments, which
 * GitHub's auto_inactive leaves alone, a success marks the environment's previous deployment
 * inactive; elsewhere GitHub does so itself.
 */
public final class GitHubDeployments {

    /** How many of an environment's newest deployments are read to find the one a success replaces. */
    static final int RECENT = 10;

    private final DeploymentTargets targets;
    private final GitHubApi github;
    private final DeploymentRequests requests;
    private final Log log;

    GitHubDeployments(DeploymentTargets targets, GitHubApi github, DeploymentRequests requests, Log log) {
        this.targets = targets;
        this.github = github;
        this.requests = requests;
        this.log = log;
    }

    /**
     * @return how many changes, from the first, are done (told, refused by GitHub, or nothing to
     * tell); those after are to be delivered again: GitHub or the table was out of reach
     */
    int publish(List<SetChange> changes) {
        for (int i = 0; i < changes.size(); i++) {
            SetChange change = changes.get(i);
            try {
                handle(change);
            } catch (GitHubUnavailableException | SdkException e) {
                log.error("GitHub deployment not told: will be retried").with("sequenceNumber", change.sequenceNumber())
                        .with("error", e.getMessage()).write();
                return i;
            }
        }
        return changes.size();
    }

    private void handle(SetChange change) {
        if (!StreamImages.isReleaseSet(change.newImage())) {
            return;
        }
        Optional<String> state = DeploymentStates.of(StreamImages.status(change.newImage()));
        Optional<String> before = change.oldImage() == null ? Optional.empty()
                : DeploymentStates.of(StreamImages.status(change.oldImage()));
        if (state.isEmpty() || state.equals(before)) {
            // Nothing GitHub shows (QUEUED, AWAITING_APPROVAL), or already told (REQUESTED → IN_PROGRESS, a rewrite).
            return;
        }
        ReleaseSet set;
        try {
            set = StreamImages.releaseSet(change.newImage());
        } catch (IllegalArgumentException e) {
            log.warn("release set item skipped: it cannot be read").with("sequenceNumber", change.sequenceNumber())
                    .with("error", e.getMessage()).write();
            return;
        }
        DeploymentTargets.Found found = targets.of(set);
        if (!found.withoutGitHub().isEmpty() && before.isEmpty()) {
            // Once per set: at the first status GitHub is told of (later ones find the same).
            log.info("no GitHub deployment for some images").with("releaseSet", set.id()).with("project", set.projectId())
                    .with("environment", set.environmentId()).with("images", found.withoutGitHub()).write();
        }
        for (Map.Entry<DeploymentTarget, Set<String>> target : found.targets().entrySet()) {
            try {
                tell(set, target.getKey(), target.getValue(), state.get());
            } catch (GitHubRefusedException e) {
                log.warn("GitHub refused the deployment: not retried").with("releaseSet", set.id())
                        .with("repository", target.getKey().repository().toString()).with("ref", target.getKey().ref())
                        .with("status", e.status()).with("error", e.getMessage()).write();
            }
        }
    }

    private void tell(ReleaseSet set, DeploymentTarget target, Set<String> services, String state) {
        GitHubRepository repository = target.repository();
        String environment = GitHubEnvironments.name(set.projectId(), set.environmentId());
        Optional<Long> existing = github.deployments(repository, target.ref(), environment).stream()
                .filter(d -> DeploymentRequests.isOf(d, set.id())).map(d -> d.path("id").asLong()).findFirst();
        long id = existing.orElseGet(() -> github.createDeployment(repository, requests.deployment(set, target, services)));
        github.createStatus(repository, id, requests.status(set, state));
        log.info("GitHub deployment status created").with("releaseSet", set.id()).with("project", set.projectId())
                .with("environment", set.environmentId()).with("repository", repository.toString()).with("ref", target.ref())
                .with("deploymentId", id).with("state", state).with("newDeployment", existing.isEmpty()).write();
        if (state.equals(DeploymentStates.SUCCESS) && GitHubEnvironments.isProduction(set.environmentId())) {
            retirePrevious(set, repository, environment, id);
        }
    }

    /** The environment's deployment before this one, when this one is still its newest (not when a later set got there first). */
    private void retirePrevious(ReleaseSet set, GitHubRepository repository, String environment, long id) {
        List<JsonNode> ours = github.deployments(repository, environment, RECENT).stream()
                .filter(d -> DeploymentRequests.releaseSetOf(d) != null).toList();
        if (ours.size() < 2 || ours.get(0).path("id").asLong() != id) {
            return;
        }
        long previous = ours.get(1).path("id").asLong();
        github.createStatus(repository, previous, requests.superseded(set));
        log.info("GitHub deployment marked inactive").with("releaseSet", set.id()).with("repository", repository.toString())
                .with("deploymentId", previous).write();
    }
}
