package dev.harbourmaster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the code itself: what the domain may use, which
 * module may depend on which, one module per package, and handlers that only hand over.
 */
class ArchitectureTest {

    /** Every module and the modules it may depend on (bench and drills are tests only, and may use any; lambda-runtime's tests run the functions' jars). */
    static final Map<String, Set<String>> ALLOWED_DEPENDENCIES = Map.ofEntries(
            Map.entry("shared", Set.of()),
            Map.entry("build-recorder", Set.of("shared")),
            Map.entry("deployer", Set.of("shared")),
            Map.entry("deployment-recorder", Set.of("shared")),
            Map.entry("domain-events", Set.of("shared")),
            Map.entry("github-deployments", Set.of("shared")),
            Map.entry("dashboard", Set.of("shared")),
            Map.entry("local", Set.of("shared", "build-recorder", "deployer", "deployment-recorder", "domain-events",
                    "github-deployments")),
            Map.entry("cli", Set.of("shared", "local", "dashboard")),
            Map.entry("bench", Set.of("shared", "build-recorder", "deployer", "deployment-recorder", "domain-events", "dashboard")),
            Map.entry("lambda-runtime", Set.of("shared", "build-recorder", "deployer", "deployment-recorder", "domain-events",
                    "github-deployments", "dashboard")),
            Map.entry("drills", Set.of("shared", "build-recorder", "deployer", "deployment-recorder", "domain-events", "dashboard")));

    /** What the domain records and the ports may refer to: the JDK, each other, two pure helpers and RE2/J. */
    static final List<String> DOMAIN_MAY_USE = List.of("java/", "dev/harbourmaster/domain/", "dev/harbourmaster/ports/",
            "dev/harbourmaster/support/StoredText", "dev/harbourmaster/support/Ulid", "com/google/re2j/");

    static final int HANDLER_CODE_LINES = 60;

    private static final Pattern HANDLER = Pattern.compile("^\\s*Handler:\\s*([\\w.]+)::\\w+\\s*$");

    private final Path root = Emulator.repositoryRoot();
    private final List<Module> modules = Module.all(root);

    @Test
    void theDomainAndThePortsUseNeitherAwsNorJacksonNorOurAdapters() throws Exception {
        Path classes = Path.of(Deployment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> forbidden = new TreeMap<>();
        for (String pkg : List.of("dev/harbourmaster/domain", "dev/harbourmaster/ports", "dev/harbourmaster/support/StoredText",
                "dev/harbourmaster/support/Ulid")) {
            for (Path classFile : classFiles(classes, pkg)) {
                Set<String> outside = new TreeSet<>();
                for (String reference : ClassReferences.of(classFile)) {
                    if (DOMAIN_MAY_USE.stream().noneMatch(reference::startsWith)) {
                        outside.add(reference);
                    }
                }
                if (!outside.isEmpty()) {
                    forbidden.put(classes.relativize(classFile).toString(), outside);
                }
            }
        }
        assertThat(forbidden).as("classes of the domain and the ports that refer to more than %s", DOMAIN_MAY_USE).isEmpty();
    }

    @Test
    void theDomainIsWhereTheRuleLooks() throws Exception {
        Path classes = Path.of(Deployment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classFiles(classes, "dev/harbourmaster/domain")).hasSizeGreaterThan(20);
        assertThat(classFiles(classes, "dev/harbourmaster/ports")).hasSizeGreaterThan(10);
        assertThat(ClassReferences.of(classes.resolve("dev/harbourmaster/domain/Deployment.class")))
                .contains("java/lang/String", "java/time/Instant", "dev/harbourmaster/domain/DeploymentStatus");
    }

    @Test
    void modulesDependOnlyAlongTheGraph() {
        assertThat(modules).extracting(Module::name).containsExactlyInAnyOrderElementsOf(ALLOWED_DEPENDENCIES.keySet());
        Map<String, Set<String>> outside = new TreeMap<>();
        for (Module module : modules) {
            Set<String> extra = new TreeSet<>(module.dependencies());
            extra.removeAll(ALLOWED_DEPENDENCIES.get(module.name()));
            if (!extra.isEmpty()) {
                outside.put(module.name(), extra);
            }
        }
        assertThat(outside).as("dependencies between modules that docs/architecture.md does not allow").isEmpty();
        assertThat(modules).filteredOn(m -> m.name().equals("shared")).singleElement()
                .satisfies(shared -> assertThat(shared.dependencies()).as("shared depends on no other module").isEmpty());
    }

    @Test
    void eachPackageLivesInOneModule() throws IOException {
        Map<String, Set<String>> modulesOfPackage = new TreeMap<>();
        for (Module module : modules) {
            for (String pkg : module.packages()) {
                modulesOfPackage.computeIfAbsent(pkg, p -> new TreeSet<>()).add(module.name());
            }
        }
        assertThat(modulesOfPackage).as("packages of every module").containsKeys("dev.harbourmaster.domain", "dev.harbourmaster.cli");
        assertThat(modulesOfPackage).as("packages split across modules (one jar should hold each package)")
                .allSatisfy((pkg, in) -> assertThat(in).as(pkg).hasSize(1));
    }

    @Test
    void everyHandlerOfTheTemplateOnlyHandsOverToItsService() throws IOException {
        List<String> handlers = handlerClasses();
        assertThat(handlers).as("Handler strings of template.yaml").hasSizeGreaterThanOrEqualTo(6);
        List<String> problems = new ArrayList<>();
        for (String handler : handlers) {
            Path source = sourceOf(handler);
            if (source == null) {
                problems.add(handler + ": no source in any module's src/main/java");
                continue;
            }
            List<String> lines = Files.readAllLines(source);
            String simpleName = handler.substring(handler.lastIndexOf('.') + 1);
            long code = CodeLines.count(lines);
            long constructors = lines.stream().filter(l -> l.matches("\\s*(public |protected |private )?" + simpleName + "\\(.*")).count();
            if (code > HANDLER_CODE_LINES) {
                problems.add(handler + ": " + code + " code lines, more than " + HANDLER_CODE_LINES
                        + " (move what it does into a class of its own)");
            }
            if (constructors > 2) {
                problems.add(handler + ": " + constructors + " constructors (one for Lambda, one taking the wired service)");
            }
            if (lines.stream().anyMatch(l -> l.contains("org.crac") || l.contains("beforeCheckpoint"))) {
                problems.add(handler + ": CRaC code (register a Priming in the function's wiring instead)");
            }
        }
        assertThat(problems).isEmpty();
    }

    private List<String> handlerClasses() throws IOException {
        return Files.readAllLines(root.resolve("template.yaml")).stream().map(HANDLER::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).distinct().toList();
    }

    private Path sourceOf(String className) {
        String file = className.replace('.', '/') + ".java";
        return modules.stream().map(m -> m.directory().resolve("src/main/java").resolve(file)).filter(Files::isRegularFile)
                .findFirst().orElse(null);
    }

    /** The class files of a package and its subpackages, or of one class and its nested classes. */
    private static List<Path> classFiles(Path classes, String prefix) throws IOException {
        Path dir = classes.resolve(prefix);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
            }
        }
        try (Stream<Path> files = Files.list(dir.getParent())) {
            String name = dir.getFileName().toString();
            return files.filter(f -> f.getFileName().toString().matches(Pattern.quote(name) + "(\\$.*)?\\.class")).sorted().toList();
        }
    }
}
