package dev.harbourmaster.cli.importing;

import dev.harbourmaster.cli.Hm;
import picocli.CommandLine.Command;

/** hm import: bring a project, and its history, from the tool Harbourmaster replaces. */
@Command(name = "import", footerHeading = Hm.EXAMPLES, footer = {
        "  hm import weco --dry-run",
        "  hm import weco --weco-table wellcome-releases-catalogue"},
        description = "Bring a project's configuration and deploy history from another tool.",
        subcommands = WecoImportCommand.class)
public final class ImportCommand {}
