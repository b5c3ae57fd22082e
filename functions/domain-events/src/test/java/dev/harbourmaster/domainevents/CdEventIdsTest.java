package dev.harbourmaster.domainevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CdEventIdsTest {

    @Test
    void idsAreVersion5UuidsAsRfc9562ComputesThem() {
        // RFC 9562's name-based example: the DNS namespace and "www.example.com".
        assertThat(CdEventIds.uuid5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"))
                .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    }

    @Test
    void anIdNamesTheSourceTheTypeWithoutItsVersionAndTheFact() {
        String id = CdEventIds.id("/harbourmaster/t", CdEvent.SERVICE_DEPLOYED, "deployment/01J/api");
        assertThat(CdEventIds.id("/harbourmaster/t", "dev.cdevents.service.deployed.0.4.0", "deployment/01J/api")).isEqualTo(id);
        assertThat(CdEventIds.id("/harbourmaster/other", CdEvent.SERVICE_DEPLOYED, "deployment/01J/api")).isNotEqualTo(id);
        assertThat(CdEventIds.id("/harbourmaster/t", CdEvent.SERVICE_UPGRADED, "deployment/01J/api")).isNotEqualTo(id);
        assertThat(CdEventIds.unversioned(CdEvent.ARTIFACT_PUBLISHED)).isEqualTo("dev.cdevents.artifact.published");
    }

    @Test
    void anOciPurlNamesTheRepositorysLastSegmentTheDigestAndTheRepositoryUrl() {
        String digest = "sha256:" + "c".repeat(64);
        assertThat(OciPurl.ofImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/API@" + digest, digest))
                .isEqualTo("pkg:oci/api@sha256%3A" + "c".repeat(64)
                        + "?repository_url=123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/API");
        assertThatThrownBy(() -> OciPurl.of("", digest)).isInstanceOf(IllegalArgumentException.class);
    }
}
