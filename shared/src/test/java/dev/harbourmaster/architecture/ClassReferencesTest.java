package dev.harbourmaster.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassReferencesTest {

    /** Refers to the SDK without one import: a fully qualified field, an array, a type argument, a call. */
    @SuppressWarnings("unused")
    static final class UsesTheSdkQuietly {
        software.amazon.awssdk.core.SdkBytes bytes;
        software.amazon.awssdk.regions.Region[] regions;
        List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> values;
        int[] counts;

        Object client() {
            return software.amazon.awssdk.services.ecs.EcsClient.serviceMetadata();
        }
    }

    private static Path classFile(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(type.getName().replace('.', '/') + ".class");
    }

    @Test
    void findsTypesNamedInFieldsArraysSignaturesAndCalls() throws Exception {
        assertThat(ClassReferences.of(classFile(UsesTheSdkQuietly.class))).contains(
                "software/amazon/awssdk/core/SdkBytes",
                "software/amazon/awssdk/regions/Region",
                "software/amazon/awssdk/services/dynamodb/model/AttributeValue",
                "software/amazon/awssdk/services/ecs/EcsClient",
                "java/util/List");
    }

    @Test
    void primitiveArraysAreNoClass() throws Exception {
        assertThat(ClassReferences.of(classFile(UsesTheSdkQuietly.class))).noneMatch(r -> r.length() == 1);
    }
}
