package dev.harbourmaster.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hm completion bash|zsh|fish}: the completion script of the whole command tree, on stdout. */
@Command(name = "completion", description = {
        "Print hm's completion script for bash, zsh or fish on stdout. make install writes all three under"
                + " PREFIX/share, where the shells look when PREFIX is /usr/local.",
        "bash: add 'source <(hm completion bash)' to ~/.bashrc.",
        "zsh: add 'source <(hm completion zsh)' to ~/.zshrc, or save it as _hm in a directory of fpath. It is the bash"
                + " script, which zsh runs through its bashcompinit.",
        "fish: hm completion fish > ~/.config/fish/completions/hm.fish"},
        footerHeading = Hm.EXAMPLES, footer = {
        "  hm completion bash",
        "  hm completion fish"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        String script = switch (shell) {
            case bash -> AutoComplete.bash(root.name(), root.commandLine());
            case zsh -> zsh(root.name(), AutoComplete.bash(root.name(), root.commandLine()));
            case fish -> FishCompletion.script(root);
        };
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * The bash script as a zsh completion function file: picocli's script loads bashcompinit itself under zsh.
     * Sourced, it registers the completion; autoloaded from fpath as _NAME (on the first TAB after the command),
     * it registers it and then completes that TAB too.
     */
    private static String zsh(String name, String bash) {
        return "#compdef " + name + "\n" + bash + "\n"
                + "if [[ ${funcstack[1]-} == _" + name + " ]]; then\n"
                + "  _bash_complete -F _complete_" + name + " -o default\n"
                + "fi\n";
    }
}
