package dev.harbourmaster.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Parameters;

/** {@code hm help [COMMAND [SUBCOMMAND...]]}: picocli's own help command goes one level deep only. */
@Command(name = "help", footerHeading = Hm.EXAMPLES, footer = {
        "  hm help deploy",
        "  hm help project apply"},
        helpCommand = true, description = "Show the usage of hm, or of a command: hm help deploy, hm help project apply.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands, to show the usage of.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine command = self.getParent();
        for (String name : path) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                String known = command.getSubcommands().isEmpty() ? "no subcommands"
                        : "these commands: " + String.join(", ", command.getSubcommands().keySet());
                throw new CommandLine.ParameterException(command, "Unknown command '" + name + "': "
                        + command.getCommandSpec().qualifiedName() + " has " + known);
            }
            command = sub;
        }
        command.usage(out, colors);
        return command.getCommandSpec().exitCodeOnUsageHelp();
    }
}
