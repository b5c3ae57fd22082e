package dev.harbourmaster.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A fish completion script, walked from a picocli command tree (picocli writes bash scripts only). */
final class FishCompletion {

    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=\\p{Lu})");

    private FishCompletion() {
    }

    static String script(CommandSpec root) {
        String name = root.name();
        List<CommandSpec> commands = new ArrayList<>();
        collect(root, commands);
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ").append(name).append(", written by '").append(name)
                .append(" completion fish' from its command tree.\n")
                .append("# Install: ").append(name).append(" completion fish > ~/.config/fish/completions/")
                .append(name).append(".fish\n\n");
        // The command typed so far ("hm project apply"): each word that names a subcommand of the command
        // before it goes deeper.
        out.append("function __").append(name).append("_command\n")
                .append("    set -l tokens (commandline -opc)\n")
                .append("    set -e tokens[1]\n")
                .append("    set -l command ").append(name).append('\n')
                .append("    for token in $tokens\n")
                .append("        switch \"$command $token\"\n")
                .append("            case ").append(commands.stream().skip(1).map(c -> quote(c.qualifiedName()))
                        .collect(Collectors.joining(" "))).append('\n')
                .append("                set command \"$command $token\"\n")
                .append("        end\n")
                .append("    end\n")
                .append("    echo $command\n")
                .append("end\n\n")
                .append("function __").append(name).append("_at\n")
                .append("    test (__").append(name).append("_command) = \"$argv\"\n")
                .append("end\n\n")
                .append("complete -c ").append(name).append(" -f\n");
        for (CommandSpec command : commands) {
            String prefix = "complete -c " + name + " -n " + quote("__" + name + "_at " + command.qualifiedName());
            out.append('\n');
            command.subcommands().forEach((subName, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    out.append(prefix).append(" -a ").append(quote(subName))
                            .append(described(sub.getCommandSpec().usageMessage().description())).append('\n');
                }
            });
            for (OptionSpec option : command.options()) {
                if (!option.hidden()) {
                    out.append(prefix).append(names(option)).append(values(option))
                            .append(described(option.description())).append('\n');
                }
            }
            command.positionalParameters().stream().filter(p -> !p.hidden()).map(FishCompletion::values)
                    .filter(values -> !values.isEmpty())
                    .forEach(values -> out.append(prefix).append(values).append('\n'));
        }
        return out.toString();
    }

    private static void collect(CommandSpec command, List<CommandSpec> into) {
        into.add(command);
        command.subcommands().values().stream().map(sub -> sub.getCommandSpec())
                .filter(sub -> !sub.usageMessage().hidden()).distinct().forEach(sub -> collect(sub, into));
    }

    private static String names(OptionSpec option) {
        StringBuilder flags = new StringBuilder();
        for (String optionName : option.names()) {
            if (optionName.startsWith("--")) {
                flags.append(" -l ").append(optionName.substring(2));
            } else if (optionName.length() == 2) {
                flags.append(" -s ").append(optionName.substring(1));
            } else {
                flags.append(" -o ").append(optionName.substring(1));
            }
        }
        return flags.toString();
    }

    /** What an option's or parameter's value completes to: its candidates, files for a path, else nothing. */
    private static String values(ArgSpec arg) {
        if (arg.isOption() && arg.arity().max() == 0) {
            return "";
        }
        String option = arg.isOption() ? " -r" : "";
        if (arg.completionCandidates() != null) {
            List<String> candidates = StreamSupport.stream(arg.completionCandidates().spliterator(), false).toList();
            return option + " -f -a " + quote(String.join(" ", candidates));
        }
        if (Path.class.isAssignableFrom(arg.type()) || java.io.File.class.isAssignableFrom(arg.type())) {
            return option + " -F";
        }
        return arg.isOption() ? " -r -f" : "";
    }

    /**
     * fish's -d: the first sentence of the description (fish shows one short line per candidate). A sentence
     * ends at a full stop before a capital, so that "e.g. 2s" stays inside one.
     */
    private static String described(String[] description) {
        if (description.length == 0 || description[0].isBlank()) {
            return "";
        }
        String first = SENTENCE_END.split(description[0].strip(), 2)[0];
        return " -d " + quote(first.endsWith(".") ? first.substring(0, first.length() - 1) : first);
    }

    /** A fish single-quoted string: only \ and ' are special inside it. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
