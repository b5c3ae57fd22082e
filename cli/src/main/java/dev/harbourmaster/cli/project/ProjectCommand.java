package dev.harbourmaster.cli.project;

import picocli.CommandLine.Command;

@Command(name = "project", description = "Register a project from its manifest, and show it.",
        subcommands = {ProjectApplyCommand.class, ProjectShowCommand.class})
public final class ProjectCommand {}
