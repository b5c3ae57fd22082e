package dev.harbourmaster.ports;

import dev.harbourmaster.domain.EnvironmentVerification;

/** Where hm verify leaves its verdict, for hm status and the dashboard to show (drift markers). */
public interface Verifications {

    /** Replaces the environment's previous verification. */
    void save(EnvironmentVerification verification);
}
