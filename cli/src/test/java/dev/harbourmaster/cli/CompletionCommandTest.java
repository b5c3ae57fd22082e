package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** hm completion bash|zsh|fish: a script of the whole command tree on stdout. */
class CompletionCommandTest {

    private final HmRunner hm = new HmRunner(new Session());

    @Test
    void bashRegistersTheCompletionAndCoversNestedCommands() {
        HmRunner.Run run = hm.run("completion", "bash");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("function _picocli_hm_deploy()", "function _picocli_hm_project_apply()",
                        "function _picocli_hm_local_up()", "'--env'", "complete -F _complete_hm -o default hm");
    }

    @Test
    void zshIsTheBashScriptAsACompletionFunctionFile() {
        String bash = hm.run("completion", "bash").out();
        HmRunner.Run run = hm.run("completion", "zsh");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("#compdef hm\n" + bash)
                .contains("autoload -U +X bashcompinit && bashcompinit")
                .endsWith("if [[ ${funcstack[1]-} == _hm ]]; then\n  _bash_complete -F _complete_hm -o default\nfi\n");
    }

    @Test
    void fishOffersEveryCommandUnderItsParentAndItsOptions() {
        HmRunner.Run run = hm.run("completion", "fish");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        for (List<String> path : HelpTest.commandPaths().filter(p -> !p.isEmpty()).toList()) {
            String parent = String.join(" ", path.subList(0, path.size() - 1));
            assertThat(run.out()).as("hm %s", String.join(" ", path)).contains("complete -c hm -n '__hm_at hm"
                    + (parent.isEmpty() ? "" : " " + parent) + "' -a '" + path.getLast() + "' -d '");
        }
        assertThat(run.out()).contains("function __hm_command", "complete -c hm -f\n",
                "complete -c hm -n '__hm_at hm deploy' -s e -l env -r -f -d 'The environment to deploy to'\n",
                "complete -c hm -n '__hm_at hm project apply' -s f -l file -r -F -d 'The project manifest'\n",
                "complete -c hm -n '__hm_at hm status' -s o -l output -r -f -a 'table json' -d 'Output format: table (for"
                        + " people) or json (for scripts)'\n",
                "complete -c hm -n '__hm_at hm completion' -f -a 'bash zsh fish'\n",
                "complete -c hm -n '__hm_at hm' -s V -l version -d 'Print version information and exit'\n",
                // A sentence ends at a full stop before a capital only.
                "-l settle -r -f -d 'How long a simulated ECS deployment takes (e.g. 2s, 500ms)'\n",
                "-a 'releases' -d 'Releases (deployable builds) of a project\\'s services, newest first'\n");
    }

    @Test
    void fishQuotesBackslashesAndQuotes() {
        assertThat(FishCompletion.quote("it's C:\\path")).isEqualTo("'it\\'s C:\\\\path'");
    }

    @Test
    void anUnknownShellIsAUsageErrorNamingTheShellsThereAre() {
        HmRunner.Run run = hm.run("completion", "tcsh");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("'tcsh'", "bash, zsh, fish");
    }

    @Test
    void noShellIsAUsageError() {
        HmRunner.Run run = hm.run("completion");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'SHELL'");
    }
}
