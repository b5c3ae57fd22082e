package dev.harbourmaster.githubdeployments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point for the table's stream, filtered by the template to release sets whose new
 * image has a status GitHub is told of. Each becomes a GitHub deployment status (and the
 * deployment, the first time) through {@link GitHubDeployments}. A record GitHub could not take
 * (down, rate-limited, slow) is reported, with those after it, as a batch item failure: Lambda
 * delivers them again, a bounded number of times, on this subscription only.
 */
public final class GitHubDeploymentsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final GitHubDeployments gitHubDeployments;

    public GitHubDeploymentsHandler() {
        this(GitHubDeploymentsWiring.forLambda(System.getenv()));
    }

    public GitHubDeploymentsHandler(GitHubDeployments gitHubDeployments) {
        this.gitHubDeployments = gitHubDeployments;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<SetChange> changes = event == null || event.getRecords() == null
                ? List.of() : event.getRecords().stream().map(SetChange::of).toList();
        int done = gitHubDeployments.publish(changes);
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SetChange change : changes.subList(Math.min(done, changes.size()), changes.size())) {
            if (change.sequenceNumber() != null) {
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(change.sequenceNumber()).build());
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
