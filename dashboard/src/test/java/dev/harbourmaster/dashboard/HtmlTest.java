package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void textAndAttributesCannotOpenMarkup() {
        String html = new Html().open("td", "title", "\" onmouseover=\"alert(1)").text("<script>alert('x') & more</script>")
                .close("td").toString();
        assertThat(html).isEqualTo("<td title=\"&quot; onmouseover=&quot;alert(1)\">"
                + "&lt;script&gt;alert(&#39;x&#39;) &amp; more&lt;/script&gt;</td>");
    }

    @Test
    void plainTextIsLeftAsItIsAndNothingIsWrittenForNull() {
        assertThat(Html.escape("catalogue → prod ✔")).isEqualTo("catalogue → prod ✔");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(new Html().open("a", "href", "/x", "aria-current", null).close("a").toString()).isEqualTo("<a href=\"/x\"></a>");
    }
}
