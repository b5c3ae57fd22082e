package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.ServedAccounts;
import java.time.Clock;
import java.util.Optional;

/**
 * One "ECR Image Action" event, from its JSON to the table: parsed, refused when it is not ours
 * (among them pushes to an account or region the stack does not serve, whose images the deployer
 * would refuse), dated when it was received if its own time cannot be believed, recorded
 * ({@link BuildRecording}), and told in one log line.
 */
public final class PushRecorder {

    private final EcrImageActionParser parser = new EcrImageActionParser();
    private final BuildRecording recording;
    private final ServedAccounts served;
    private final Log log;
    private final Clock clock;

    public PushRecorder(BuildRecording recording, ServedAccounts served, Log log, Clock clock) {
        this.recording = recording;
        this.served = served;
        this.log = log;
        this.clock = clock;
    }

    /** What became of an event: the outcome's name (IGNORED for an event that is not ours) and why, in words. */
    public record Answer(String outcome, String detail) {}

    /** @return the outcome's name, or IGNORED for an event that is not ours */
    public String handle(String eventJson) {
        return answer(eventJson).outcome();
    }

    public Answer answer(String eventJson) {
        EcrImageActionParser.Result parsed = parser.parse(eventJson);
        if (parsed instanceof EcrImageActionParser.NotOurs notOurs) {
            log.warn("event ignored").with("reason", notOurs.reason()).write();
            return new Answer("IGNORED", notOurs.reason());
        }
        ImagePush event = ((EcrImageActionParser.Push) parsed).push();
        Optional<String> foreign = served.refusal(event.account(), event.region());
        if (foreign.isPresent()) {
            log.warn("event ignored").with("reason", "push not recorded: " + foreign.get())
                    .with("eventId", event.eventId()).with("repository", event.repository()).with("digest", event.digest())
                    .write();
            return new Answer("IGNORED", "push not recorded: " + foreign.get());
        }
        ImagePush dated = event.receivedAt(clock.instant());
        if (dated != event) {
            log.warn("event time not believed: the build is dated when the event was received")
                    .with("eventId", event.eventId()).with("eventTime", event.pushedAt()).with("receivedAt", dated.pushedAt())
                    .with("repository", event.repository()).with("digest", event.digest()).write();
        }
        ImagePush push = dated.inRegistryOf(served);
        BuildRecording.Result result = recording.record(push);
        Log.Line line = log.info(messageOf(result))
                .with("outcome", result.outcome())
                .with("eventId", push.eventId())
                .with("repository", push.repository())
                .with("digest", push.digest())
                .with("tag", push.tag())
                .with("releaseHash", result.build().releaseHash());
        if (!result.releases().isEmpty()) {
            line.with("releases", result.releases().stream().map(PushRecorder::describe).toList());
        }
        if (!result.autoDeploys().isEmpty()) {
            line.with("autoDeployReleaseSets", result.autoDeploys().stream()
                    .map(set -> set.id() + " -> " + set.projectId() + "/" + set.environmentId()).toList());
        }
        line.write();
        return new Answer(result.outcome().name(), messageOf(result) + ": " + push.repository() + "@" + push.digest());
    }

    private static String messageOf(BuildRecording.Result result) {
        return switch (result.outcome()) {
            case RECORDED -> !result.releases().isEmpty() ? "build recorded"
                    : result.build().tags().isEmpty()
                    ? "untagged build recorded (a platform manifest, or a push by digest): releases wait for a tag"
                    : "build recorded without release: neither its tag nor its annotations give a release hash";
            case UNASSIGNED -> "build recorded as unassigned: no manifest mentions this repository";
            case TAG_ADDED -> "tag added to a known build";
            case RELEASED -> "known build released: its tags give the release hash";
            case FINISHED -> "releases an earlier delivery began were finished";
            case DUPLICATE -> "duplicate push: nothing changed";
        };
    }

    private static String describe(Release release) {
        return release.projectId() + "/" + release.serviceId() + "@" + release.releaseHash();
    }
}
