package dev.harbourmaster.cli;

/**
 * The Harbourmaster checkout whose template.yaml, examples/ and scripts/ hm local up and hm table create use by
 * default: HM_HOME (bin/hm sets it to its own checkout), else the current directory. An installed hm runs outside
 * any checkout, so a default that is missing is reported as a missing checkout, not as a path nobody typed.
 */
public final class Checkout {

    public static final String FIX = "set HM_HOME to a clone of Harbourmaster, or run bin/hm inside one";

    private Checkout() {
    }

    /** Where the default was looked for, and that it is not there: "HM_HOME (/x) has no template.yaml". */
    public static String lacks(String file) {
        String home = System.getenv("HM_HOME");
        return (home == null || home.isBlank() ? "the current directory (HM_HOME is not set)" : "HM_HOME (" + home + ")")
                + " has no " + file;
    }
}
