package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlotsTest {

    @Test
    void theTallestBarFillsThePlotAndEmptyBucketsDrawNothing() {
        String svg = Plots.bars("frequency <per day>", List.of(new Plots.Bar(2.0, "Nov 1: 2", false),
                new Plots.Bar(null, "Nov 2: none", false), new Plots.Bar(4.0, "Nov 3: 4 <b>", true)));
        assertThat(svg).startsWith("<svg viewBox=\"0 0 240 66\" role=\"img\" aria-label=\"frequency &lt;per day&gt;\">")
                .contains("height=\"30.0\"><title>Nov 1: 2</title>", "height=\"0.0\"><title>Nov 2: none</title>",
                        "class=\"bar bad\"", "height=\"60.0\"><title>Nov 3: 4 &lt;b&gt;</title>");
        assertThat(Arrays.stream(svg.split("<rect")).count() - 1).isEqualTo(3);
    }
}
