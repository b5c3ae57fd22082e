package dev.harbourmaster.cli;

import dev.harbourmaster.views.Output;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: table (for people) or json (for scripts). Default: ${DEFAULT-VALUE}.")
    public Output.Format output;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = "${env:HM_TABLE:-harbourmaster}",
            description = "The Harbourmaster DynamoDB table (env HM_TABLE). Default: ${DEFAULT-VALUE}.")
    public String table;

    @Option(names = "--debug", description = "On an error, print its stack trace too (for a bug report).")
    public boolean debug;

    @Option(names = "--wide", description = "Tables with every column whole, however wide (on a terminal they are"
            + " fitted to its width).")
    public boolean wide;
}
