package dev.harbourmaster.domain;

/** The image one container of a release runs, pinned by digest (repo@sha256:…). */
public record ReleaseImage(String container, String repository, String digest, String image, String releaseHash) {}
