package dev.harbourmaster.cli.project;

import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", footerHeading = Hm.EXAMPLES, footer = {
        "  hm project apply -f harbourmaster.yml --dry-run   # validate, write nothing",
        "  hm project apply -f harbourmaster.yml             # a rerun changes nothing",
        "  hm project apply --adopt   # and record what runs now, as adopted"},
        description = "Validate a manifest, show what changes, and register it (idempotent). With --adopt, record what"
                + " each service of each environment runs now as its current state, marked as adopted.")
public final class ProjectApplyCommand extends HmCommand {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "harbourmaster.yml",
            description = "The project manifest. Default: ${DEFAULT-VALUE}.")
    Path file;

    @Option(names = "--dry-run", description = "Validate and show the changes (and, with --adopt, what would be"
            + " adopted); write nothing.")
    boolean dryRun;

    @Option(names = "--adopt", description = "Then record what ECS runs now in each environment × service that has"
            + " no record yet as its current state, marked as adopted (a baseline, not a deployment of Harbourmaster's):"
            + " images and digests from the task definition, the running tasks or ECR; the release hash from the"
            + " image's build (recorded now when the ledger has none). Never replaces what a deployment recorded;"
            + " a rerun changes nothing. Exit 1 when a service runs and could not be adopted (each says why).")
    boolean adopt;

    public ProjectApplyCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        return new ProjectApply(session, common.table).run(file, dryRun, adopt, this::output);
    }
}
