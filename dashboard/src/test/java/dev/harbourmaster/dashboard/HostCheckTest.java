package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {

    private static final URI ORIGIN_FORM = URI.create("/api/p/catalogue/status");

    private final HostCheck loopbackOnly = new HostCheck(8080, List.of());

    private static int status(HostCheck check, URI target, List<String> hostLines) {
        Response refusal = check.refusal(target, hostLines);
        return refusal == null ? 200 : refusal.status();
    }

    @Test
    void loopbackNamesAtTheDashboardsPortAreAnswered() {
        for (String host : List.of("127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LocalHost:8080")) {
            assertThat(status(loopbackOnly, ORIGIN_FORM, List.of(host))).as(host).isEqualTo(200);
        }
    }

    @Test
    void anyOtherNameOrPortGets421() {
        for (String host : List.of("attacker.example:8080", "attacker.example", "127.0.0.1", "127.0.0.1:9999",
                "localhost.:8080", "127.0.0.1:8080.attacker.example", "user@127.0.0.1:8080", "")) {
            assertThat(status(loopbackOnly, ORIGIN_FORM, List.of(host))).as(host).isEqualTo(421);
        }
    }

    @Test
    void theAuthorityOfAnAbsoluteFormRequestLineWinsOverHost() {
        assertThat(status(loopbackOnly, URI.create("http://attacker.example/api/p/catalogue/status"),
                List.of("127.0.0.1:8080"))).isEqualTo(421);
        assertThat(status(loopbackOnly, URI.create("http://127.0.0.1:8080/api/p/catalogue/status"),
                List.of("attacker.example"))).isEqualTo(200);
    }

    @Test
    void withoutExactlyOneHostTheRequestIsBad() {
        assertThat(status(loopbackOnly, ORIGIN_FORM, null)).isEqualTo(400);
        assertThat(status(loopbackOnly, ORIGIN_FORM, List.of("127.0.0.1:8080", "attacker.example"))).isEqualTo(400);
        assertThat(loopbackOnly.refusal(ORIGIN_FORM, null).body()).contains("exactly one Host");
    }

    @Test
    void theRefusalSaysWhyAndHowToAllowANameWhichItEscapes() {
        Response refusal = loopbackOnly.refusal(ORIGIN_FORM, List.of("<b>x</b>:8080"));

        assertThat(refusal.contentType()).isEqualTo(Response.HTML);
        assertThat(refusal.body()).contains("127.0.0.1:8080, localhost:8080, [::1]:8080 only", "&lt;b&gt;x&lt;/b&gt;:8080",
                "DNS rebinding", "hm dashboard --allow-host NAME", "hm local up --allow-host NAME").doesNotContain("<b>");
    }

    @Test
    void allowedNamesAreAnsweredAtTheDashboardsPortOrAtTheirOwn() {
        HostCheck check = new HostCheck(8080, List.of("devbox.local", "localhost:9000", "10.0.0.5"));

        assertThat(status(check, ORIGIN_FORM, List.of("DEVBOX.local:8080"))).isEqualTo(200);
        assertThat(status(check, ORIGIN_FORM, List.of("localhost:9000"))).isEqualTo(200);
        assertThat(status(check, ORIGIN_FORM, List.of("10.0.0.5:8080"))).isEqualTo(200);
        assertThat(status(check, ORIGIN_FORM, List.of("devbox.local:9000"))).isEqualTo(421);
        assertThat(status(check, ORIGIN_FORM, List.of("devbox.local"))).isEqualTo(421);
    }

    @Test
    void onPort80ANameWithoutPortIsTheSameName() {
        HostCheck check = new HostCheck(80, List.of());

        assertThat(status(check, ORIGIN_FORM, List.of("localhost"))).isEqualTo(200);
        assertThat(status(check, ORIGIN_FORM, List.of("localhost:80"))).isEqualTo(200);
    }

    @Test
    void onlyHostNamesWithAnOptionalPortCanBeAllowed() {
        HostCheck.check(List.of("devbox.local", "[::1]:9000", "10.0.0.5", "my-box:65535"));
        for (String bad : List.of("*", "", "http://devbox", "devbox/x", "dev box", "devbox:0", "devbox:70000", "-devbox")) {
            assertThatThrownBy(() -> HostCheck.check(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--allow-host wants a host name, optionally with :PORT")
                    .hasMessageContaining("not '" + bad + "'");
        }
    }
}
