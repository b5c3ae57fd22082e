package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.SafeTerminalWriter;
import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;

/** Where hm asks a person to confirm: the process's terminal, if it has one. */
public interface Terminal {

    /** Whether a person can answer: stdin and stdout are a terminal. */
    boolean interactive();

    /** Asks and returns the answer typed, or null at the end of input. */
    String ask(String question);

    /** The console of this process. */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                Console console = System.console();
                return console != null && isTerminal(console);
            }

            @Override
            public String ask(String question) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s ", SafeTerminalWriter.shown(question));
            }
        };
    }

    /**
     * From JDK 22 on, {@code System.console()} may return a console when the streams are redirected
     * (depending on the JDK's console provider); {@code Console.isTerminal()} (JDK 22) then says whether
     * it is a terminal. hm targets Java 21, so it asks by reflection; before 22, a console is a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException java21) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Asks {@code question} unless {@code yes}; with no terminal to ask on, --yes is required.
     *
     * @throws CliException exit 2 when there is no terminal and no --yes; exit 1 when the answer is not yes
     */
    static void confirm(Terminal terminal, boolean yes, String question) {
        if (yes) {
            return;
        }
        if (!terminal.interactive()) {
            throw new CliException("no terminal to confirm on: pass --yes", 2);
        }
        String answer = terminal.ask(question + " [y/N]");
        String said = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        if (!said.equals("y") && !said.equals("yes")) {
            throw new CliException("not confirmed: nothing was requested", 1);
        }
    }
}
