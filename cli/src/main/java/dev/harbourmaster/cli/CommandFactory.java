package dev.harbourmaster.cli;

import picocli.CommandLine;

/**
 * Makes hm's commands for a tool that is handed a factory class instead of a CommandLine: picocli's
 * ManPageGenerator, which writes the man pages at build time (cli/pom.xml). Each command gets a Session,
 * which makes no AWS client until a command runs.
 */
public final class CommandFactory implements CommandLine.IFactory {

    private final Session session = new Session();

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getConstructor(Session.class).newInstance(session);
        } catch (NoSuchMethodException noSessionConstructor) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
