package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.bool;
import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.map;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.number;
import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Current-state rows (access pattern 5): PK PROJECT#p, SK CURRENT#env#service, beside the
 * project's catalogue items, so one Query on the project's partition reads both.
 */
final class CurrentStateItems {

    static final String CURRENT_STATE = "CurrentState";

    private CurrentStateItems() {}

    static Map<String, AttributeValue> key(String projectId, String environmentId, String serviceId) {
        return Attributes.key(Keys.project(projectId), Keys.current(environmentId, serviceId));
    }

    static Map<String, AttributeValue> item(CurrentState state) {
        CurrentState.Running running = state.running();
        CurrentState.LastDeployment last = state.last();
        CurrentState.OutOfBand outOfBand = state.outOfBand();
        return Attributes.item(Keys.project(state.projectId()), Keys.current(state.environmentId(), state.serviceId()),
                        CURRENT_STATE)
                .put("project", state.projectId())
                .put("environment", state.environmentId())
                .put("service", state.serviceId())
                .putMap("running", running == null ? null : new Attributes.Item()
                        .put("releaseHash", running.releaseHash())
                        .putMaps("images", running.images(), LedgerItems::imageMap)
                        .put("releaseSet", running.releaseSetId())
                        .put("status", running.status() == null ? null : running.status().name())
                        .put("since", running.since())
                        .put("requestedBy", running.requestedBy())
                        .put("requestedByArn", running.requestedByArn())
                        .put("description", running.description())
                        .put("ecsDeploymentId", running.ecsDeploymentId())
                        .put("adoptedFrom", running.adoptedFrom())
                        .putMap("config", ConfigItems.fingerprintMap(running.config()))
                        .build())
                .putMap("last", last == null ? null : new Attributes.Item()
                        .put("releaseSet", last.releaseSetId())
                        .put("releaseHash", last.releaseHash())
                        .put("status", last.status() == null ? null : last.status().name())
                        .put("reason", last.reason())
                        .put("at", last.at())
                        .put("requestedBy", last.requestedBy())
                        .put("requestedByArn", last.requestedByArn())
                        .put("description", last.description())
                        .put("startedAt", last.startedAt())
                        .put("cause", last.cause())
                        .build())
                .putMap("outOfBand", outOfBand == null ? null : new Attributes.Item()
                        .put("ecsDeploymentId", outOfBand.ecsDeploymentId())
                        .put("state", outOfBand.state())
                        .put("at", outOfBand.at())
                        .put("reason", outOfBand.reason())
                        .build())
                .putMap("bad", badMap(state.bad()))
                .put("revision", state.revision())
                .build();
    }

    private static Map<String, AttributeValue> badMap(CurrentState.BadReleases bad) {
        if (bad == null) {
            return null;
        }
        CurrentState.LastChange change = bad.lastChange();
        return new Attributes.Item()
                .put("since", bad.since())
                .putMaps("outcomes", bad.outcomes(), o -> new Attributes.Item()
                        .put("releaseSet", o.releaseSetId())
                        .put("releaseHash", o.releaseHash())
                        .put("status", o.status().name())
                        .put("at", o.at())
                        .put("why", o.why())
                        .put("undoneByRollbackSet", o.undoneByRollbackSet())
                        .build())
                .putMap("lastChange", change == null ? null : new Attributes.Item()
                        .put("releaseSet", change.releaseSetId())
                        .put("releaseHash", change.releaseHash())
                        .put("succeeded", change.succeeded())
                        .build())
                .build();
    }

    private static CurrentState.BadReleases bad(Map<String, AttributeValue> b) {
        return new CurrentState.BadReleases(instant(b, "since"),
                maps(b, "outcomes", o -> new CurrentState.BadOutcome(string(o, "releaseSet"), string(o, "releaseHash"),
                        status(o), instant(o, "at"), string(o, "why"), bool(o, "undoneByRollbackSet", false))),
                map(b, "lastChange", c -> new CurrentState.LastChange(string(c, "releaseSet"), string(c, "releaseHash"),
                        bool(c, "succeeded", false))));
    }

    static boolean isCurrentState(Map<String, AttributeValue> item) {
        return CURRENT_STATE.equals(string(item, Keys.TYPE));
    }

    static CurrentState currentState(Map<String, AttributeValue> item) {
        return new CurrentState(string(item, "project"), string(item, "environment"), string(item, "service"),
                map(item, "running", r -> new CurrentState.Running(string(r, "releaseHash"),
                        maps(r, "images", LedgerItems::image), string(r, "releaseSet"), status(r), instant(r, "since"),
                        string(r, "requestedBy"), string(r, "description"), string(r, "ecsDeploymentId"),
                        string(r, "requestedByArn"), string(r, "adoptedFrom"),
                        map(r, "config", ConfigItems::fingerprint))),
                map(item, "last", l -> new CurrentState.LastDeployment(string(l, "releaseSet"), string(l, "releaseHash"),
                        status(l), string(l, "reason"), instant(l, "at"), string(l, "requestedBy"),
                        string(l, "description"), instant(l, "startedAt"), string(l, "requestedByArn"), string(l, "cause"))),
                map(item, "outOfBand", o -> new CurrentState.OutOfBand(string(o, "ecsDeploymentId"), string(o, "state"),
                        instant(o, "at"), string(o, "reason"))),
                number(item, "revision", 0), map(item, "bad", CurrentStateItems::bad));
    }

    private static DeploymentStatus status(Map<String, AttributeValue> m) {
        String status = string(m, "status");
        return status == null ? null : DeploymentStatus.valueOf(status);
    }
}
