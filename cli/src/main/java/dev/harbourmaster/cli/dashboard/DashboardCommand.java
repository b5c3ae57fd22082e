package dev.harbourmaster.cli.dashboard;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.DefaultProject;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.dashboard.Dashboard;
import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.dashboard.DashboardWiring;
import dev.harbourmaster.dashboard.HostCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the dashboard on loopback, reading the table with the caller's own AWS credentials. */
@Command(name = "dashboard", footerHeading = Hm.EXAMPLES, footer = {
        "  hm dashboard --project catalogue   # http://127.0.0.1:8080/p/catalogue",
        "  hm dashboard -p catalogue,shop --port 9000 --allow-host devbox.local"},
        description = {"Serve the web dashboard on this machine (127.0.0.1 only), reading the table"
        + " with your own AWS credentials: what runs where, history, diff, delivery metrics, and a JSON API under /api.",
        "Stop it with Ctrl-C."})
public final class DashboardCommand extends HmCommand {

    /** Shared with hm local up, which serves the dashboard too. */
    public static final String ALLOW_HOST = "Answer to this name too (NAME at the dashboard's port, or NAME:PORT),"
            + " e.g. an SSH tunnel's or a name in /etc/hosts; repeatable. Without it the dashboard answers only to"
            + " 127.0.0.1, localhost and [::1] at its port, and 421 to any other Host: a web page whose name is made"
            + " to point at this machine (DNS rebinding) cannot read it.";

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "The loopback port to serve on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-p", "--project"}, split = ",", paramLabel = "PROJECT",
            description = "Projects to list on the start page (any other opens by its id). Default: the project hm"
                    + " takes without --project ($" + DefaultProject.VARIABLE + ", " + DefaultProject.FILE + ", ./"
                    + DefaultProject.MANIFEST + "), if one names it.")
    List<String> projects = List.of();

    @Option(names = "--allow-host", paramLabel = "NAME", description = ALLOW_HOST)
    List<String> allowHosts = List.of();

    public DashboardCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CliException("--port must be from 0 to 65535, not " + port, 2);
        }
        checkAllowHosts(allowHosts);
        if (projects.isEmpty()) {
            projects = session.defaultProject().map(found -> List.of(found.id())).orElse(List.of());
        }
        DashboardServer server = start(session, common.table, projects, port, allowHosts);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Dashboard: " + server.url() + (projects.size() == 1 ? "p/" + projects.get(0) : ""));
        out.println("Reading table " + common.table + " with your AWS credentials; Ctrl-C stops it.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hm-dashboard-shutdown"));
        stopped.await();
        return 0;
    }

    /** A usage error (exit 2) unless every --allow-host value is a host name with an optional port. */
    public static void checkAllowHosts(List<String> allowHosts) {
        try {
            HostCheck.check(allowHosts);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /** The dashboard over this session's table, on loopback; {@code allowHosts} {@link #checkAllowHosts checked}. */
    public static DashboardServer start(Session session, String table, List<String> projects, int port, List<String> allowHosts) {
        Dashboard dashboard = DashboardWiring.of(session.dynamo(), table, projects).dashboard();
        try {
            return DashboardServer.start(dashboard, port, allowHosts);
        } catch (BindException e) {
            throw new CliException("port " + port + " is in use on 127.0.0.1: pass another with --port (0 picks a free one)");
        } catch (IOException e) {
            throw new CliException("cannot serve the dashboard on port " + port + ": " + e.getMessage());
        }
    }
}
