package dev.harbourmaster.cli;

import dev.harbourmaster.support.Shell;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Everything hm prints passes here (Hm.run wraps its stdout and stderr), because record text comes
 * from whoever pushed an image or wrote an ECS reason: a character a terminal would act on instead of
 * showing it (C0 controls but newline and tab, DEL, C1 controls, which include CSI and OSC, and the
 * bidirectional overrides) is printed as its escape, {@code \\u001b} for ESC. ESC ] 0 ; … BEL retitled the
 * window and ESC [ 2 J cleared the screen from a stopped reason in hm show. The escape is also the JSON
 * string escape of that character, so JSON output still reads back exactly: Jackson escapes C0 itself
 * and leaves C1 and the overrides raw.
 *
 * <p>hm's own colours get through by {@link #colour}: it marks text with a token drawn at random
 * when hm starts (private-use characters), which this writer turns into an SGR colour code after it
 * has escaped everything else. Record text cannot carry the token: it is not known before hm runs.
 */
public final class SafeTerminalWriter extends FilterWriter {

    private static final String TOKEN = token();
    private static final Pattern MARK = Pattern.compile(Pattern.quote(TOKEN) + "([0-9]{1,2})" + Pattern.quote(TOKEN));

    private SafeTerminalWriter(Writer out) {
        super(out);
    }

    public static PrintWriter around(Writer out) {
        return new PrintWriter(new SafeTerminalWriter(out), true);
    }

    /** The text in one of the terminal's colours (SGR 31 red, 32 green, 33 yellow, 34 blue), reset after it. */
    public static String colour(String text, int sgr) {
        return TOKEN + sgr + TOKEN + text + TOKEN + 0 + TOKEN;
    }

    private static String token() {
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            token.append((char) ('\uE000' + random.nextInt(0x1000)));
        }
        return token.toString();
    }

    /** The text as hm prints it: our colour marks as colour, anything else a terminal would act on escaped. */
    static String printed(String text) {
        return MARK.matcher(shown(text)).replaceAll("\u001b[$1m");
    }

    /** The text as hm prints it. */
    public static String shown(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (Shell.actsOnTerminal(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    @Override
    public void write(int c) throws IOException {
        out.write(shown(String.valueOf((char) c)));
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        out.write(printed(new String(chars, offset, length)));
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        out.write(printed(text.substring(offset, offset + length)));
    }
}
