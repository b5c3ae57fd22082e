package dev.harbourmaster.domain;

/**
 * The configuration side of a deployment: which revision its new one copied, the fingerprint of the
 * revision it registered, and what differs from the revision the service ran before.
 *
 * @param base               what the new revision copied ({@link TaskDefinitionBase})
 * @param baseTaskDefinition the ARN of the revision copied (the running one, or the family's newest)
 * @param fingerprint        the registered revision's configuration (images aside); null when not known
 * @param changes            from the revision the service ran to the one registered
 * @param configOnly         every image was already running: the deployment changes configuration only
 */
public record DeploymentConfig(TaskDefinitionBase base, String baseTaskDefinition, ConfigFingerprint fingerprint,
                               ConfigChanges changes, boolean configOnly) {

    public DeploymentConfig {
        base = base == null ? TaskDefinitionBase.RUNNING : base;
        changes = changes == null ? ConfigChanges.NONE : changes.kept();
    }

    public DeploymentConfig withFingerprint(ConfigFingerprint registered) {
        return new DeploymentConfig(base, baseTaskDefinition, registered == null ? fingerprint : registered, changes, configOnly);
    }
}
