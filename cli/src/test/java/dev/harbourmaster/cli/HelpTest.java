package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** -h, --help and hm help PATH print the usage of every command, whatever options it requires, and exit 0. */
class HelpTest {

    private final Session session = mock(Session.class);
    private final HmRunner hm = new HmRunner(session);

    /** Every command path of the tree as declared, so a command added later is covered too. */
    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(tree(), List.of(), paths);
        return paths.stream();
    }

    /** The command at {@code path} of hm's tree (built without a session). */
    static CommandLine command(List<String> path) {
        CommandLine command = tree();
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    private static CommandLine tree() {
        return new CommandLine(new Hm.Tree(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getConstructor(Session.class).newInstance((Session) null);
                } catch (NoSuchMethodException noSessionConstructor) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> longer = new ArrayList<>(path);
            longer.add(name);
            collect(sub, longer, paths);
        });
    }

    @ParameterizedTest(name = "hm {0} --help")
    @MethodSource("commandPaths")
    void longHelpPrintsTheUsage(List<String> path) {
        assertUsage(path, withOption(path, "--help"));
    }

    @ParameterizedTest(name = "hm {0} -h")
    @MethodSource("commandPaths")
    void shortHelpPrintsTheUsage(List<String> path) {
        assertUsage(path, withOption(path, "-h"));
    }

    @ParameterizedTest(name = "hm help {0}")
    @MethodSource("commandPaths")
    void helpCommandPrintsTheUsage(List<String> path) {
        List<String> args = new ArrayList<>(List.of("help"));
        args.addAll(path);
        assertUsage(path, args);
    }

    @ParameterizedTest(name = "hm {0} --help: examples")
    @MethodSource("commandPaths")
    void everyUsageEndsWithExamplesOfItsCommandThatHmAccepts(List<String> path) {
        String usage = hm.run(withOption(path, "--help").toArray(String[]::new)).out();

        String command = String.join(" ", Stream.concat(Stream.of("hm"), path.stream()).toList());
        assertThat(usage).as("usage of %s", command).contains(System.lineSeparator() + "Examples:" + System.lineSeparator());
        List<String> examples = usage.substring(usage.lastIndexOf("Examples:")).lines().skip(1)
                .filter(line -> !line.isBlank()).toList();
        assertThat(examples).as("examples of %s, each on a line of its own", command).isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .allSatisfy(example -> assertThat(example).matches("  ([A-Z_]+=\\S+ )*hm .*"))
                .anySatisfy(example -> assertThat(example).contains(command + (path.isEmpty() ? " " : "")));
        for (String example : examples) {
            List<String> args = arguments(example);
            try {
                tree().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("example of " + command + " that hm refuses: " + example + ": " + e.getMessage(), e);
            }
        }
    }

    /** The arguments an example line gives hm: after any VAR=value and "hm", before a # comment or "||". */
    private static List<String> arguments(String example) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(example);
        while (word.find()) {
            String text = word.group(1) != null ? word.group(1) : word.group(2);
            if (word.group(2) != null && (text.equals("#") || text.equals("||"))) {
                break;
            }
            words.add(text);
        }
        while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
            words.remove(0);
        }
        assertThat(words).as("example %s", example).isNotEmpty().first().isEqualTo("hm");
        return words.subList(1, words.size());
    }

    @Test
    void helpForACommandThatDoesNotExistNamesTheCommandsThatDo() {
        HmRunner.Run unknown = hm.run("help", "project", "remove");
        HmRunner.Run leaf = hm.run("help", "status", "prod");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unknown command 'remove': hm project has these commands: apply, show");
        assertThat(leaf.exitCode()).isEqualTo(2);
        assertThat(leaf.err()).startsWith("Unknown command 'prod': hm status has no subcommands");
    }

    @Test
    void versionStaysOnHm() {
        HmRunner.Run run = hm.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("hm " + System.getProperty("hm.project.version") + " (commit ");
    }

    private static List<String> withOption(List<String> path, String option) {
        List<String> args = new ArrayList<>(path);
        args.add(option);
        return args;
    }

    private void assertUsage(List<String> path, List<String> args) {
        HmRunner.Run run = hm.run(args.toArray(String[]::new));

        String command = String.join(" ", Stream.concat(Stream.of("hm"), path.stream()).toList());
        assertThat(run.err()).as("stderr of hm %s", String.join(" ", args)).isEmpty();
        assertThat(run.exitCode()).as("exit code of hm %s", String.join(" ", args)).isZero();
        assertThat(run.out()).as("stdout of hm %s", String.join(" ", args)).matches("(?s)Usage: " + Pattern.quote(command) + "\\b.*");
        verifyNoInteractions(session);
    }
}
