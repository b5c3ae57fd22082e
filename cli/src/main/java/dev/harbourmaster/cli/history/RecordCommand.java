package dev.harbourmaster.cli.history;

import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.ReleaseSets;

/** The commands that read the record of deployments: status, history, show. */
abstract class RecordCommand extends HmCommand {

    RecordCommand(Session session) {
        super(session);
    }

    DeploymentHistory history() {
        return session.history(common.table);
    }

    ReleaseSets releaseSets() {
        return session.releaseSets(common.table);
    }
}
