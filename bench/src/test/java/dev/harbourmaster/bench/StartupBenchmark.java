package dev.harbourmaster.bench;

import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `make bench`, section startup: how long `hm --help`, `hm status` and `hm deploy --no-wait` (one
 * service) take as bin/hm starts them, with the start-up cache and without (HM_STARTUP_CACHE=off),
 * run in turn, A B A B, against moto; medians of 5.
 */
class StartupBenchmark {

    private static final int RUNS = 5;

    private final Emulator emulator = new Emulator();

    @Test
    void withAndWithoutTheCache() throws Exception {
        HmLauncher.ensureCache();
        World world = new World(emulator, "startup", 1, 2 * RUNS + 1).withEcsServices(2 * RUNS + 1);
        world.buildRecorder().handle(World.push("bench/svc0", "startup-1", "0a0a0a1"));
        Map<String, String> aws = Map.of("HM_TABLE", world.table, "HM_ACTOR", "bench@example.com");
        Map<String, String> off = new LinkedHashMap<>(aws);
        off.put("HM_STARTUP_CACHE", "off");
        Path out = Files.createTempFile("hm-startup", ".txt");

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("hm --help", List.of("--help"));
        commands.put("hm status", List.of("status", "--project", world.project.id()));
        commands.put("hm deploy --no-wait (1 service)", null);
        StringBuilder md = new StringBuilder("## Start-up: bin/hm with and without its start-up cache\n\n");
        md.append("| command | with the cache, median s | without, median s | ratio (with / without) | runs (with) | runs (without) |\n");
        md.append("|---|---|---|---|---|---|\n");
        int[] deploys = {0}; // each deploy goes to an environment never deployed, so that each has a change to make
        for (Map.Entry<String, List<String>> command : commands.entrySet()) {
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            HmLauncher.run(aws, out, args(command.getValue(), world, deploys)); // warm-up: the files in the page cache
            for (int i = 0; i < RUNS; i++) {
                with.add(HmLauncher.run(aws, out, args(command.getValue(), world, deploys)));
                without.add(HmLauncher.run(off, out, args(command.getValue(), world, deploys)));
            }
            double a = Stats.median(with);
            double b = Stats.median(without);
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %s | %s |%n", command.getKey(), a, b, a / b,
                    seconds(with), seconds(without)));
        }
        md.append(String.format(Locale.ROOT, "%nJava %s; load average %.2f when it ended.%n%n", Runtime.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        md.append(Notes.STARTUP);
        System.out.println(md);
        BenchmarkReport.writeSection("startup", md.toString());
    }

    /** The command's arguments; a deploy (null) goes to the next environment. */
    private static String[] args(List<String> command, World world, int[] deploys) {
        if (command != null) {
            return command.toArray(String[]::new);
        }
        return new String[] {"deploy", "--project", world.project.id(), "--env", "env" + deploys[0]++, "--yes", "--no-wait",
                "-m", "startup benchmark"};
    }

    private static String seconds(List<Double> runs) {
        return String.join(" ", runs.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
    }
}
