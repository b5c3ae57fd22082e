package dev.harbourmaster.testing;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Projects whose many services all run images of one repository (a shared base image, say), read from a manifest. */
public final class WideProjects {

    private WideProjects() {}

    /**
     * @param services how many services ({@code <project>-s000}, …) the repository feeds
     * @param autoDeploy the environments that deploy each push; prod never does
     */
    public static Project of(String project, String repository, int services, List<String> autoDeploy) {
        String environments = IntStream.range(0, autoDeploy.size())
                .mapToObj(i -> environment(autoDeploy.get(i), project, true))
                .collect(Collectors.joining()) + environment("prod", project, false);
        String serviceList = IntStream.range(0, services)
                .mapToObj(i -> "      - id: %s-s%03d\n        repository: %s\n".formatted(project, i, repository))
                .collect(Collectors.joining());
        String manifest = """
                project:
                  id: %s
                environments:
                %sserviceSets:
                  - id: all
                    services:
                %s""".formatted(project, environments, serviceList);
        try {
            return new ManifestParser().parse(project + ".yml", manifest);
        } catch (ManifestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String environment(String id, String project, boolean autoDeploy) {
        return "  - id: %s\n    cluster: %s-%s\n    autoDeploy: %s\n".formatted(id, project, id, autoDeploy);
    }
}
