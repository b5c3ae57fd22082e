package dev.harbourmaster.domain;

/** One container of a service's task definition, fed by one ECR repository. */
public record Container(String name, String repository) {}
