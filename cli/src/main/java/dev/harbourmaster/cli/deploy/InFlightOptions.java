package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.ProjectOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What hm approve, reject and stop act on: the release set in flight of an environment (or one named), some of its services, and why. */
final class InFlightOptions {

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment whose release set is in flight.")
    String environmentId;

    @Option(names = "--services", split = ",", paramLabel = "SERVICE", description = "Only these services (default: all of the set's).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "WHY", description = "Why: kept on each deployment with who asked.")
    String why;

    @Parameters(arity = "0..1", paramLabel = "RELEASE_SET_ID", description = "A release set id (default: the one in flight).")
    String setId;
}
