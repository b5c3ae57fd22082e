package dev.harbourmaster.drills;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one drill (or one variant of it) did: how many trials it tried, how many survived, how many
 * lost something, plus named counts (retries, faults injected, outcomes). {@link #report()} prints
 * one line and writes it to drills/target/drills/, where scripts/drills-report.py finds it for
 * docs/RELIABILITY.md.
 */
final class Tally {

    /** `make drills` sets -Ddrills.long=true; `make test` runs the short version. */
    static final boolean LONG = Boolean.getBoolean("drills.long");
    static final long SEED = Long.getLong("drills.seed", 20261126L);

    private final String drill;
    private final String variant;
    private final AtomicLong tried = new AtomicLong();
    private final AtomicLong survived = new AtomicLong();
    private final List<String> lost = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();

    Tally(String drill, String variant) {
        this.drill = drill;
        this.variant = variant;
    }

    /** The short size for `make test`, the long one for `make drills`. */
    static int size(int shortSize, int longSize) {
        return LONG ? longSize : shortSize;
    }

    void survived() {
        tried.incrementAndGet();
        survived.incrementAndGet();
    }

    synchronized void lost(String what) {
        tried.incrementAndGet();
        lost.add(what);
    }

    void count(String name) {
        count(name, 1);
    }

    void count(String name, long n) {
        counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    long count0(String name) {
        AtomicLong n = counts.get(name);
        return n == null ? 0 : n.get();
    }

    long tried() {
        return tried.get();
    }

    synchronized List<String> lostOnes() {
        return List.copyOf(lost);
    }

    /** Prints "drill / variant: tried N, survived S, lost L (counts)" and writes it down for the report. */
    synchronized String report() {
        long seconds = Math.round((System.nanoTime() - started) / 1e9);
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.get()));
        String line = drill + " / " + variant + ": tried " + tried + ", survived " + survived + ", lost " + lost.size()
                + " (" + seconds + " s" + (sorted.isEmpty() ? "" : "; " + String.join(", ",
                sorted.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())) + ")";
        System.out.println("DRILL " + line);
        lost.stream().limit(10).forEach(why -> System.out.println("  lost: " + why));
        StringBuilder file = new StringBuilder();
        file.append("drill=").append(drill).append('\n')
                .append("variant=").append(variant).append('\n')
                .append("long=").append(LONG).append('\n')
                .append("seed=").append(SEED).append('\n')
                .append("tried=").append(tried).append('\n')
                .append("survived=").append(survived).append('\n')
                .append("lost=").append(lost.size()).append('\n')
                .append("seconds=").append(seconds).append('\n');
        sorted.forEach((k, v) -> file.append("count.").append(k).append('=').append(v).append('\n'));
        lost.stream().limit(10).forEach(why -> file.append("lostWhy=").append(why.replace('\n', ' ')).append('\n'));
        try {
            Path dir = Emulator.repositoryRoot().resolve("drills/target/drills");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve((drill + "-" + variant).replaceAll("[^A-Za-z0-9]+", "-") + ".txt"), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }
}
