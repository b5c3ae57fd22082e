package dev.harbourmaster.cli;

import dev.harbourmaster.dynamodb.TableFromTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "table", footerHeading = Hm.EXAMPLES, footer = {
        "  hm table create"},
        description = "The Harbourmaster table on an emulator (on AWS the stack creates it).",
        subcommands = TableCommand.Create.class)
public final class TableCommand {

    @Command(name = "create", footerHeading = Hm.EXAMPLES, footer = {
        "  hm table create",
        "  hm table create --template template.yaml --table harbourmaster-dev"},
        description = "Create the table as template.yaml describes it, if it does not exist.")
    public static final class Create extends HmCommand {

        @Option(names = "--template", paramLabel = "FILE", defaultValue = "${env:HM_HOME:-.}/template.yaml",
                description = "The SAM template whose Table resource describes the table. Default: ${DEFAULT-VALUE}.")
        Path template;

        public Create(Session session) {
            super(session);
        }

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(template)) {
                throw new CliException(spec.commandLine().getParseResult().hasMatchedOption("--template")
                        ? "template not found: " + template + "; pass --template path/to/template.yaml"
                        : "table create reads template.yaml from a Harbourmaster checkout, and "
                        + Checkout.lacks("template.yaml") + ": " + Checkout.FIX + " (or pass --template FILE)", 2);
            }
            TableFromTemplate.createIfMissing(session.dynamo(), template, common.table);
            spec.commandLine().getOut().println("Table " + common.table + " is ready.");
            return 0;
        }
    }
}
