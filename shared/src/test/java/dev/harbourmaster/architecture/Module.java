package dev.harbourmaster.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One Maven module of the repository, as its pom.xml and its source folders tell. */
record Module(String name, Path directory, Set<String> dependencies) {

    private static final String GROUP = "dev.harbourmaster";

    /** Every module the root pom.xml builds, following its {@code <modules>} down. */
    static List<Module> all(Path root) {
        List<Module> modules = new ArrayList<>();
        collect(root, modules);
        return modules;
    }

    private static void collect(Path directory, List<Module> into) {
        Element project = read(directory.resolve("pom.xml"));
        NodeList children = project.getElementsByTagName("module");
        if (children.getLength() == 0) {
            into.add(new Module(text(project, "artifactId"), directory, dependencies(project)));
        }
        for (int i = 0; i < children.getLength(); i++) {
            collect(directory.resolve(children.item(i).getTextContent().strip()), into);
        }
    }

    /** Our own modules this one names as dependencies, at any scope. */
    private static Set<String> dependencies(Element project) {
        Set<String> names = new TreeSet<>();
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (GROUP.equals(text(dependency, "groupId"))) {
                names.add(text(dependency, "artifactId"));
            }
        }
        return names;
    }

    /** The packages with Java sources in this module, main and test. */
    Set<String> packages() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String tree : List.of("src/main/java", "src/test/java")) {
            Path sources = directory.resolve(tree);
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .forEach(f -> packages.add(sources.relativize(f.getParent()).toString().replace('/', '.')));
            }
        }
        return packages;
    }

    private static Element read(Path pom) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(pom + " cannot be read", e);
        }
    }

    /** The text of the first child element of that name directly under {@code parent}. */
    private static String text(Element parent, String child) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(child)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
