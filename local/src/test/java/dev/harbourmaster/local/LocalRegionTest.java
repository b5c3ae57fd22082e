package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Local mode's region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else eu-west-1; names that are no region refused. */
class LocalRegionTest {

    private static final Map<String, String> BOTH = Map.of("AWS_REGION", "us-east-2", "AWS_DEFAULT_REGION", "ap-south-1");

    @Test
    void theRegionOptionWinsOverTheEnvironment() {
        assertThat(LocalRegion.choose("eu-central-1", BOTH)).isEqualTo(new LocalRegion("eu-central-1", "--region"));
    }

    @Test
    void awsRegionComesBeforeAwsDefaultRegion() {
        assertThat(LocalRegion.choose(null, BOTH)).isEqualTo(new LocalRegion("us-east-2", "AWS_REGION"));
        assertThat(LocalRegion.choose(null, Map.of("AWS_DEFAULT_REGION", "ap-south-1")))
                .isEqualTo(new LocalRegion("ap-south-1", "AWS_DEFAULT_REGION"));
    }

    @Test
    void aBlankVariableCountsAsUnset() {
        assertThat(LocalRegion.choose(null, Map.of("AWS_REGION", " ", "AWS_DEFAULT_REGION", "ap-south-1")).name())
                .isEqualTo("ap-south-1");
    }

    @Test
    void withNothingSetItIsEuWest1AndSaysHowToChooseAnother() {
        LocalRegion region = LocalRegion.choose(null, Map.of());

        assertThat(region).isEqualTo(new LocalRegion("eu-west-1", "default"));
        assertThat(region.toString()).isEqualTo("eu-west-1 (the default; --region, AWS_REGION or AWS_DEFAULT_REGION choose another)");
    }

    @Test
    void itSaysWhereTheRegionCameFrom() {
        assertThat(LocalRegion.choose(null, BOTH).toString()).isEqualTo("us-east-2 (from AWS_REGION)");
        assertThat(LocalRegion.choose("us-west-2", Map.of()).toString()).isEqualTo("us-west-2 (from --region)");
    }

    @Test
    void everyShapeOfRegionNameIsAccepted() {
        for (String name : new String[] {"us-east-1", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "ap-southeast-5",
                "il-central-1", "eusc-de-east-1"}) {
            assertThat(LocalRegion.choose(name, Map.of()).name()).isEqualTo(name);
        }
    }

    @Test
    void aRegionOptionThatIsNoRegionNameIsRefusedWithTheFix() {
        assertThatThrownBy(() -> LocalRegion.choose("Ireland", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--region 'Ireland' is not an AWS region name (lower-case words and a number, such as"
                        + " eu-west-1 or us-east-2): give one, for example --region eu-west-1");
    }

    @Test
    void aVariableThatIsNoRegionNameIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"local", "eu_west_1", "EU-WEST-1", "eu-west-1 ", "eu-west"}) {
            assertThatThrownBy(() -> LocalRegion.choose(null, Map.of("AWS_REGION", bad)))
                    .hasMessageStartingWith("AWS_REGION='" + bad + "' is not an AWS region name")
                    .hasMessageEndingWith("set AWS_REGION to one, or pass --region (it wins over AWS_REGION)");
        }
        assertThatThrownBy(() -> LocalRegion.choose(null, Map.of("AWS_DEFAULT_REGION", "local")))
                .hasMessageStartingWith("AWS_DEFAULT_REGION='local' is not");
    }
}
