package dev.harbourmaster.recorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for the sweeper's schedule; the scheduled event's content does not matter. */
public final class SweeperHandler implements RequestStreamHandler {

    private final Sweeper sweeper;
    private final Log log;

    public SweeperHandler() {
        this(RecorderWiring.forSweeper(System.getenv()), new Log("sweeper"));
    }

    public SweeperHandler(Sweeper sweeper, Log log) {
        this.sweeper = sweeper;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Sweeper.Report report = sweeper.sweep();
        log.info("sweep done").with("setsInFlight", report.setsLookedAt())
                .with("deploymentsClosed", report.deploymentsClosed()).with("setsEnded", report.setsEnded()).write();
        output.write(Json.MAPPER.writeValueAsBytes(report));
    }
}
