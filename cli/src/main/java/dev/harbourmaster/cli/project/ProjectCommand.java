package dev.harbourmaster.cli.project;

import dev.harbourmaster.cli.Hm;
import picocli.CommandLine.Command;

@Command(name = "project", footerHeading = Hm.EXAMPLES, footer = {
        "  hm project apply -f harbourmaster.yml --dry-run",
        "  hm project show --project catalogue"},
        description = "Register a project from its manifest, and show it.",
        subcommands = {ProjectApplyCommand.class, ProjectShowCommand.class})
public final class ProjectCommand {}
