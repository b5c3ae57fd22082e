package dev.harbourmaster.githubdeployments;

/**
 * What one GitHub deployment of a release set is for: a repository and the commit its images were
 * built from (the release hash). Services of one repository and commit share it.
 */
record DeploymentTarget(GitHubRepository repository, String ref) {

    /** Repositories compare without case, as GitHub's names do. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DeploymentTarget that && repository.key().equals(that.repository.key()) && ref.equals(that.ref);
    }

    @Override
    public int hashCode() {
        return 31 * repository.key().hashCode() + ref.hashCode();
    }
}
