package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.support.ServedAccounts.AccountRegion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServedAccountsTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void theStacksOwnAccountAndRegionComeFromTheEnvironmentWithTheAllowList() {
        ServedAccounts served = ServedAccounts.fromEnvironment(Map.of("HM_ACCOUNT_ID", "123456789012", "AWS_REGION", "eu-west-1",
                "HM_TRUSTED_ACCOUNT_REGIONS", " 111122223333:us-east-1, 444455556666:cn-north-1 ,"));

        assertThat(served.own()).isEqualTo(new AccountRegion("123456789012", "eu-west-1"));
        assertThat(served.others()).containsExactly(new AccountRegion("111122223333", "us-east-1"),
                new AccountRegion("444455556666", "cn-north-1"));
        assertThat(ServedAccounts.fromEnvironment(Map.of("HM_ACCOUNT_ID", "123456789012", "AWS_REGION", "eu-west-1")).others())
                .isEmpty();
    }

    @Test
    void aMissingOrMalformedSettingStopsTheFunctionNamingIt() {
        assertThatThrownBy(() -> ServedAccounts.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
                .hasMessageStartingWith("HM_ACCOUNT_ID and AWS_REGION must be set: the template passes AWS::AccountId");
        assertThatThrownBy(() -> ServedAccounts.fromEnvironment(Map.of("HM_ACCOUNT_ID", "12345", "AWS_REGION", "eu-west-1")))
                .hasMessage("HM_ACCOUNT_ID/AWS_REGION: '12345' is not an AWS account id (12 digits)");
        assertThatThrownBy(() -> ServedAccounts.fromEnvironment(Map.of("HM_ACCOUNT_ID", "123456789012", "AWS_REGION",
                "eu-west-1", "HM_TRUSTED_ACCOUNT_REGIONS", "111122223333")))
                .hasMessage("HM_TRUSTED_ACCOUNT_REGIONS: '111122223333' is not ACCOUNT:REGION (such as 111122223333:eu-west-1)");
        assertThatThrownBy(() -> ServedAccounts.fromEnvironment(Map.of("HM_ACCOUNT_ID", "123456789012", "AWS_REGION",
                "eu-west-1", "HM_TRUSTED_ACCOUNT_REGIONS", "111122223333:Europe")))
                .hasMessage("HM_TRUSTED_ACCOUNT_REGIONS: 'Europe' is not an AWS region name (such as eu-west-1)");
    }

    @Test
    void eventsFromElsewhereAreRefusedSayingWhy() {
        ServedAccounts served = new ServedAccounts(new AccountRegion("123456789012", "eu-west-1"),
                List.of(new AccountRegion("111122223333", "us-east-1")));

        assertThat(served.refusal("123456789012", "eu-west-1")).isEmpty();
        assertThat(served.refusal("111122223333", "us-east-1")).isEmpty();
        assertThat(served.refusal("evil.example/x", "eu-west-1"))
                .contains("account 'evil.example/x' is not an AWS account id (12 digits)");
        assertThat(served.refusal(null, "eu-west-1")).contains("account 'null' is not an AWS account id (12 digits)");
        assertThat(served.refusal("111122223333", "eu-west-1")).contains("account 111122223333 region eu-west-1 is not one"
                + " this stack serves (123456789012:eu-west-1, 111122223333:us-east-1; the template's TrustedAccountRegions"
                + " parameter adds others)");
    }

    @Test
    void anImageIsServedOnlyAsTheRepositoryByDigestInAServedRegistry() {
        ServedAccounts served = new ServedAccounts(new AccountRegion("123456789012", "eu-west-1"),
                List.of(new AccountRegion("111122223333", "cn-north-1")));

        assertThat(served.isServedImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api@" + DIGEST,
                "catalogue/api", DIGEST)).isTrue();
        assertThat(served.isServedImage("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/catalogue/api@" + DIGEST,
                "catalogue/api", DIGEST)).isTrue();
        for (String image : List.of("evil.example/x.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api@" + DIGEST,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/catalogue/api@" + DIGEST,
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalogue/api@" + DIGEST,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/other@" + DIGEST,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api:latest",
                "catalogue/api@" + DIGEST)) {
            assertThat(served.isServedImage(image, "catalogue/api", DIGEST)).as(image).isFalse();
        }
        assertThat(served.isServedImage(null, "catalogue/api", DIGEST)).isFalse();
    }

    @Test
    void aRepositoryElsewhereIsNamedWithItsRegistryAndItsImagesAreServedOnlyFromThere() {
        ServedAccounts served = new ServedAccounts(new AccountRegion("123456789012", "eu-west-1"),
                List.of(new AccountRegion("210987654321", "eu-west-1")));
        String elsewhere = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api";
        String digest = "sha256:" + "a".repeat(64);

        assertThat(served.repositoryId("123456789012", "eu-west-1", "catalogue/api")).isEqualTo("catalogue/api");
        assertThat(served.repositoryId("210987654321", "eu-west-1", "catalogue/api")).isEqualTo(elsewhere);
        assertThat(served.repositoryId("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api"))
                .as("the stack's own registry written out").isEqualTo("catalogue/api");
        assertThat(served.repositoryId(elsewhere)).isEqualTo(elsewhere);

        assertThat(served.isServedImage(elsewhere + "@" + digest, elsewhere, digest)).isTrue();
        assertThat(served.isServedImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api@" + digest, elsewhere,
                digest)).as("the same name in the stack's own registry is another repository").isFalse();
        String unserved = "999999999999.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api";
        assertThat(served.isServedImage(unserved + "@" + digest, unserved, digest)).as("a registry not served").isFalse();
    }
}
