package dev.harbourmaster.cli.project;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.CommonOptions;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.dynamodb.TableFromTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "table", description = "The Harbourmaster table on an emulator (on AWS the stack creates it).",
        subcommands = TableCommand.Create.class)
public final class TableCommand {

    @Command(name = "create", description = "Create the table as template.yaml describes it, if it does not exist.")
    public static final class Create implements Callable<Integer> {

        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Option(names = "--template", paramLabel = "FILE", defaultValue = "${env:HM_HOME:-.}/template.yaml",
                description = "The SAM template whose Table resource describes the table. Default: ${DEFAULT-VALUE}.")
        Path template;

        private final Session session;

        public Create(Session session) {
            this.session = session;
        }

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(template)) {
                throw new CliException("template not found: " + template + "; pass --template path/to/template.yaml", 2);
            }
            TableFromTemplate.createIfMissing(session.dynamo(), template, common.table);
            spec.commandLine().getOut().println("Table " + common.table + " is ready.");
            return 0;
        }
    }
}
