package dev.harbourmaster.cli;

import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.views.Output;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every hm command has: the common options, its output, and the session's stores. */
public abstract class HmCommand implements Callable<Integer> {

    @Mixin
    protected CommonOptions common;

    @Spec
    protected CommandSpec spec;

    protected final Session session;

    protected HmCommand(Session session) {
        this.session = session;
    }

    protected Output output() {
        if (common.output == Output.Format.json) {
            return new Output(common.output, spec.commandLine().getOut());
        }
        // Only a table asks how wide the terminal is (stty, on a terminal) and whether to colour it.
        return new Output(common.output, spec.commandLine().getOut(), common.wide ? 0 : session.terminalColumns(),
                session.colour() ? SafeTerminalWriter::colour : Output.Colours.NONE);
    }

    protected Catalogue catalogue() {
        return session.catalogue(common.table);
    }

    protected BuildLedger ledger() {
        return session.ledger(common.table);
    }

    protected static void requirePositive(int limit) {
        if (limit < 1) {
            throw new CliException("--limit must be at least 1", 2);
        }
    }
}
