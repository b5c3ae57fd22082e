package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.EnvironmentVerification.ServiceVerdict;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An environment's last verification: PK PROJECT#p, SK VERIFIED#env, read with the project's partition. */
final class VerificationItems {

    static final String VERIFICATION = "Verification";

    private VerificationItems() {}

    static Map<String, AttributeValue> item(EnvironmentVerification v) {
        return Attributes.item(Keys.project(v.projectId()), Keys.verification(v.environmentId()), VERIFICATION)
                .put("project", v.projectId())
                .put("environment", v.environmentId())
                .put("checkedAt", v.checkedAt())
                .put("checkedBy", v.checkedBy())
                .put("checkedByArn", v.checkedByArn())
                .putMaps("services", v.services(), s -> new Attributes.Item()
                        .put("service", s.serviceId())
                        .put("status", s.status())
                        .put("summary", s.summary())
                        .build())
                .build();
    }

    static boolean isVerification(Map<String, AttributeValue> item) {
        return VERIFICATION.equals(string(item, Keys.TYPE));
    }

    static EnvironmentVerification verification(Map<String, AttributeValue> item) {
        return new EnvironmentVerification(string(item, "project"), string(item, "environment"),
                instant(item, "checkedAt"), string(item, "checkedBy"),
                maps(item, "services", s -> new ServiceVerdict(string(s, "service"), string(s, "status"), string(s, "summary"))),
                string(item, "checkedByArn"));
    }
}
