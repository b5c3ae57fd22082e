package dev.harbourmaster.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches local mode's loops (each stream reader, the dispatcher, the ECR watcher, the ECS
 * simulator) and says, once, when one has made no progress for {@code stalledAfter}: its ticks
 * have failed since, or one has not returned. Says so again when it goes on. Without it, a reader
 * that could not read left local mode quiet while the sets it should have fed waited for good.
 */
final class StallWatch {

    private final Duration stalledAfter;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();

    private static final class Loop {
        volatile Instant lastProgress;
        volatile String lastError;
        volatile Instant stalledSince;
    }

    StallWatch(Duration stalledAfter) {
        this.stalledAfter = stalledAfter;
    }

    /** A loop to watch, by the name people read ("the stream reader of DeployerFunction"), from now. */
    void watch(String name, Instant now) {
        Loop loop = new Loop();
        loop.lastProgress = now;
        loops.put(name, loop);
    }

    void progressed(String name, Instant now) {
        Loop loop = loops.get(name);
        if (loop != null) {
            loop.lastProgress = now;
            loop.lastError = null;
        }
    }

    void failed(String name, String error) {
        Loop loop = loops.get(name);
        if (loop != null) {
            loop.lastError = error;
        }
    }

    private static String firstLine(String error) {
        if (error == null) {
            return null;
        }
        String line = error.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }

    /** A sentence for a person: a loop has just stalled, or goes on again. */
    record Notice(String loop, boolean stalled, String text) {}

    /** What to tell a person now. */
    List<Notice> check(Instant now) {
        List<Notice> lines = new ArrayList<>();
        loops.forEach((name, loop) -> {
            Instant last = loop.lastProgress;
            Duration quiet = Duration.between(last, now);
            if (loop.stalledSince == null && quiet.compareTo(stalledAfter) >= 0) {
                loop.stalledSince = last;
                String error = firstLine(loop.lastError);
                lines.add(new Notice(name, true, name + " has made no progress for " + quiet.toSeconds() + " s ("
                        + (error == null ? "its last call has not returned" : "each try fails: " + error)
                        + "); what it feeds waits meanwhile. It keeps trying; see the emulator's log if this lasts"));
            } else if (loop.stalledSince != null && last.isAfter(loop.stalledSince)) {
                lines.add(new Notice(name, false, name + " goes on again, after "
                        + Duration.between(loop.stalledSince, last).toSeconds() + " s without progress"));
                loop.stalledSince = null;
            }
        });
        return lines;
    }
}
