package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import org.junit.jupiter.api.Test;

/**
 * hm local up and hm table create take their defaults from a checkout (HM_HOME); an installed hm outside one says
 * so. The unit tests run with HM_HOME naming a directory that does not exist (cli/pom.xml), from cli/.
 */
class OutsideACheckoutTest {

    private static final String HOME = System.getenv("HM_HOME");

    private final HmRunner hm = new HmRunner(mock(Session.class));

    @Test
    void localUpNamesTheMissingCheckoutAndTheFix() {
        HmRunner.Run run = hm.run("local", "up");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: local up needs a Harbourmaster checkout, and HM_HOME (" + HOME + ") has"
                + " no template.yaml: set HM_HOME to a clone of Harbourmaster, or run bin/hm inside one"
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void localUpWithTheFilesGivenStillNeedsTheCheckoutsScriptsToStartMoto() {
        HmRunner.Run run = hm.run("local", "up", "--template", "../template.yaml", "-f", "../examples/harbourmaster.yml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: local up starts moto with a Harbourmaster checkout's scripts, and HM_HOME ("
                + HOME + ") has no scripts/moto_server.py: set HM_HOME to a clone of Harbourmaster, or run bin/hm inside"
                + " one (or pass --endpoint URL of an emulator that runs already)" + System.lineSeparator());
    }

    @Test
    void aTemplateGivenThatIsNotThereIsNamedAsGiven() {
        HmRunner.Run local = hm.run("local", "up", "--template", "nope.yaml");
        HmRunner.Run table = hm.run("table", "create", "--template", "nope.yaml");

        assertThat(local.exitCode()).isEqualTo(2);
        assertThat(local.err()).startsWith("hm: template not found: nope.yaml; pass --template the path of");
        assertThat(table.exitCode()).isEqualTo(2);
        assertThat(table.err()).startsWith("hm: template not found: nope.yaml; pass --template path/to/template.yaml");
    }

    @Test
    void tableCreateNamesTheMissingCheckoutAndBothFixes() {
        HmRunner.Run run = hm.run("table", "create");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: table create reads template.yaml from a Harbourmaster checkout, and HM_HOME ("
                + HOME + ") has no template.yaml: set HM_HOME to a clone of Harbourmaster, or run bin/hm inside one (or"
                + " pass --template FILE)" + System.lineSeparator());
    }
}
