package dev.harbourmaster.cli;

import dev.harbourmaster.cli.build.BuildsCommand;
import dev.harbourmaster.cli.build.ReleasesCommand;
import dev.harbourmaster.cli.environment.DiffCommand;
import dev.harbourmaster.cli.environment.LockCommand;
import dev.harbourmaster.cli.environment.UnlockCommand;
import dev.harbourmaster.cli.environment.VerifyCommand;
import dev.harbourmaster.cli.history.HistoryCommand;
import dev.harbourmaster.cli.history.ShowCommand;
import dev.harbourmaster.cli.history.StatusCommand;
import dev.harbourmaster.cli.importing.ImportCommand;
import dev.harbourmaster.cli.project.ProjectCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code hm}: what is deployed where, and changing it. The endpoint comes from AWS_ENDPOINT_URL,
 * the region and credentials from the usual AWS chains.
 */
@Command(name = "hm", versionProvider = Version.class,
        description = "Harbourmaster: builds, releases and deployments of ECS services.",
        footerHeading = Hm.EXAMPLES, footer = {
        "  hm status --project catalogue",
        "  hm deploy -p catalogue -e staging",
        "  hm help deploy"})
public class Hm {

    /** The heading of every command's examples (its usage's footer). */
    public static final String EXAMPLES = "%nExamples:%n";

    // INHERIT copies the option to every subcommand at any depth, present and future: each prints its own
    // usage and exits 0, required options or not. A subcommand that declares -h itself fails to build.
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    /**
     * hm with every command: what picocli's help, completion and the man pages (cli/pom.xml) show. A run
     * of one command builds only that command's part of it ({@link #commandLine}).
     */
    @Command(subcommands = {dev.harbourmaster.cli.init.InitCommand.class, ProjectCommand.class, ImportCommand.class,
            BuildsCommand.class, ReleasesCommand.class, StatusCommand.class,
            HistoryCommand.class, ShowCommand.class, TableCommand.class, dev.harbourmaster.cli.deploy.DeployCommand.class,
            dev.harbourmaster.cli.deploy.PromoteCommand.class, dev.harbourmaster.cli.deploy.RollbackCommand.class,
            dev.harbourmaster.cli.deploy.ApproveCommand.class, dev.harbourmaster.cli.deploy.RejectCommand.class,
            dev.harbourmaster.cli.deploy.StopCommand.class,
            DiffCommand.class, LockCommand.class, UnlockCommand.class, VerifyCommand.class,
            dev.harbourmaster.cli.dashboard.DashboardCommand.class, dev.harbourmaster.cli.local.LocalCommand.class,
            CompletionCommand.class, HelpCommand.class})
    public static final class Tree extends Hm {

        /**
         * The commands a run may build on their own, by name: all but help and completion, which read the tree.
         * Spelled out, as the annotation above cannot be read without parsing every command's annotations (a
         * twentieth of a second); HmTest checks that the two agree.
         */
        static final Map<String, Class<?>> ALONE = Map.ofEntries(
                Map.entry("init", dev.harbourmaster.cli.init.InitCommand.class), Map.entry("project", ProjectCommand.class),
                Map.entry("import", ImportCommand.class), Map.entry("builds", BuildsCommand.class),
                Map.entry("releases", ReleasesCommand.class), Map.entry("status", StatusCommand.class),
                Map.entry("history", HistoryCommand.class), Map.entry("show", ShowCommand.class),
                Map.entry("table", TableCommand.class), Map.entry("deploy", dev.harbourmaster.cli.deploy.DeployCommand.class),
                Map.entry("promote", dev.harbourmaster.cli.deploy.PromoteCommand.class),
                Map.entry("rollback", dev.harbourmaster.cli.deploy.RollbackCommand.class),
                Map.entry("approve", dev.harbourmaster.cli.deploy.ApproveCommand.class),
                Map.entry("reject", dev.harbourmaster.cli.deploy.RejectCommand.class),
                Map.entry("stop", dev.harbourmaster.cli.deploy.StopCommand.class), Map.entry("diff", DiffCommand.class),
                Map.entry("lock", LockCommand.class), Map.entry("unlock", UnlockCommand.class),
                Map.entry("verify", VerifyCommand.class),
                Map.entry("dashboard", dev.harbourmaster.cli.dashboard.DashboardCommand.class),
                Map.entry("local", dev.harbourmaster.cli.local.LocalCommand.class));
    }

    public static void main(String[] args) {
        System.exit(run(session(args), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** The session of a run of {@code args}: its AWS clients made in the background when the command will need them. */
    static Session session(String... args) {
        Session session = new Session();
        List<String> given = List.of(args);
        if (!given.isEmpty() && Tree.ALONE.containsKey(given.get(0)) && !given.contains("--help") && !given.contains("-h")) {
            session.prepareInBackground();
        }
        return session;
    }

    /**
     * Runs one command line; returns the exit code (0 ok, 1 failed, 2 bad usage or input). Everything it
     * prints goes through {@link SafeTerminalWriter}, so help is plain text (no ANSI styles).
     */
    public static int run(Session session, PrintWriter terminalOut, PrintWriter terminalErr, String... args) {
        PrintWriter out = SafeTerminalWriter.around(terminalOut);
        PrintWriter err = SafeTerminalWriter.around(terminalErr);
        CommandLine commandLine = commandLine(new CommandFactory(session), args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            CliException problem = e instanceof CliException cli ? cli
                    : e instanceof software.amazon.awssdk.core.exception.SdkException sdk
                    ? AwsErrors.explain(sdk, tableOf(parsed))
                    : new CliException("internal error: " + e + " (run again with --debug for the stack trace,"
                    + " and report it with that)");
            err.println("hm: " + problem.getMessage());
            if (leafOf(parsed).hasMatchedOption("--debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return problem.exitCode();
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line for {@code args}: hm with only the command that args name, when they name one that
     * needs no other (picocli builds the model of every command it is given, by reflection, a tenth of a
     * second for the whole tree); else the whole {@link Tree}.
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String... args) {
        Class<?> command = args.length == 0 ? null : Tree.ALONE.get(args[0]);
        if (command == null) {
            return new CommandLine(new Tree(), factory);
        }
        CommandLine root = new CommandLine(new Hm(), factory);
        root.addSubcommand(new CommandLine(command, factory));
        return root;
    }

    private static CommandLine.ParseResult leafOf(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        return leaf;
    }

    private static String tableOf(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = leafOf(parsed);
        return leaf.hasMatchedOption("--table") ? leaf.matchedOptionValue("--table", "harbourmaster")
                : System.getenv().getOrDefault("HM_TABLE", "harbourmaster");
    }
}
