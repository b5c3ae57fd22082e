package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.StoredText;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A build recorded (build-recorder's first write of a pushed digest) as artifact.published: the
 * subject is the image as a purl, its content empty (ECR's push event names no user). The build
 * item is written once per (repository, digest), under a condition, so only its INSERT publishes.
 */
final class ArtifactCdEvents {

    private final String source;

    ArtifactCdEvents(String source) {
        this.source = source;
    }

    /** What a build event tells besides its purl: the push, its tags and the OCI annotations read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BuildData(String repository, String digest, String imageRepositoryUri, List<String> tags, String pushedAt,
                     String releaseHash, String revision, String sourceRepository, String created, String description,
                     String state) {}

    CdEvent of(Build build, Instant recordedAt) {
        Instant at = build.pushedAt() != null ? build.pushedAt() : recordedAt != null ? recordedAt : Instant.now();
        String purl = OciPurl.of(build.imageRepositoryUri(), build.digest());
        BuildData data = new BuildData(build.repository(), build.digest(), build.imageRepositoryUri(),
                List.copyOf(build.tags()), DeploymentFinished.time(build.pushedAt()), build.releaseHash(),
                build.metadata().revision(), build.metadata().source(), build.metadata().created(),
                StoredText.text(build.metadata().description()), build.state().name());
        return new CdEvent(
                new CdEvent.Context(CdEvent.SPEC_VERSION,
                        CdEventIds.id(source, CdEvent.ARTIFACT_PUBLISHED, "build/" + build.repository() + "@" + build.digest()),
                        source, CdEvent.ARTIFACT_PUBLISHED, Times.format(at)),
                new CdEvent.Subject(purl, Map.of()),
                Json.MAPPER.valueToTree(data));
    }
}
