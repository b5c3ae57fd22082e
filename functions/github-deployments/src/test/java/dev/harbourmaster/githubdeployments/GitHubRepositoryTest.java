package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubRepositoryTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/wellcomecollection/catalogue-pipeline",
            "https://github.com/wellcomecollection/catalogue-pipeline.git",
            "https://github.com/wellcomecollection/catalogue-pipeline/",
            "https://github.com/wellcomecollection/catalogue-pipeline/tree/main/pipeline",
            "https://github.com/wellcomecollection/catalogue-pipeline#main",
            "http://github.com/wellcomecollection/catalogue-pipeline",
            "https://www.github.com/wellcomecollection/catalogue-pipeline",
            "git@github.com:wellcomecollection/catalogue-pipeline.git",
            "git@github.com:wellcomecollection/catalogue-pipeline",
            "ssh://git@github.com/wellcomecollection/catalogue-pipeline.git",
            "git+https://github.com/wellcomecollection/catalogue-pipeline.git",
            "git://github.com/wellcomecollection/catalogue-pipeline.git",
            "github.com/wellcomecollection/catalogue-pipeline",
            "  https://github.com/wellcomecollection/catalogue-pipeline  "})
    void aGitHubSourceNamesItsOwnerAndRepository(String source) {
        assertThat(GitHubRepository.fromSource(source))
                .contains(new GitHubRepository("wellcomecollection", "catalogue-pipeline"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://gitlab.com/wellcomecollection/catalogue-pipeline",
            "https://github.example.com/wellcomecollection/catalogue-pipeline",
            "https://notgithub.com/wellcomecollection/catalogue-pipeline",
            "https://github.com.evil.example/o/r",
            "git@bitbucket.org:wellcomecollection/catalogue-pipeline.git",
            "https://github.com/wellcomecollection",
            "https://github.com/",
            "https://github.com/o/..",
            "/home/alice/src/catalogue-pipeline",
            "catalogue-pipeline",
            "",
            "   "})
    void otherSourcesNameNoGitHubRepository(String source) {
        assertThat(GitHubRepository.fromSource(source)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/o/r.js", "https://github.com/o/r.js.git", "git@github.com:o/r.js.git"})
    void dotsInARepositoryNameAreKeptButNotDotGit(String source) {
        assertThat(GitHubRepository.fromSource(source)).contains(new GitHubRepository("o", "r.js"));
    }

    @org.junit.jupiter.api.Test
    void noSourceIsNoRepository() {
        assertThat(GitHubRepository.fromSource(null)).isEmpty();
    }
}
