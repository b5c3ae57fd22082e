package dev.harbourmaster.cli;

import picocli.CommandLine;

/**
 * Makes hm's commands, each with the session (tests hand in one). Public with a no-argument
 * constructor for picocli's ManPageGenerator, which is handed a factory class and writes the man pages
 * at build time (cli/pom.xml); a Session makes no AWS client until a command runs.
 */
public final class CommandFactory implements CommandLine.IFactory {

    private final Session session;

    public CommandFactory() {
        this(new Session());
    }

    CommandFactory(Session session) {
        this.session = session;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getConstructor(Session.class).newInstance(session);
        } catch (NoSuchMethodException noSessionConstructor) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
