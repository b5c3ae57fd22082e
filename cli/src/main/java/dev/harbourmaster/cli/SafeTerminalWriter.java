package dev.harbourmaster.cli;

import dev.harbourmaster.support.Shell;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Everything hm prints passes here (Hm.run wraps its stdout and stderr), because record text comes
 * from whoever pushed an image or wrote an ECS reason: a character a terminal would act on instead of
 * showing it (C0 controls but newline and tab, DEL, C1 controls, which include CSI and OSC, and the
 * bidirectional overrides) is printed as its escape, {@code \\u001b} for ESC. ESC ] 0 ; … BEL retitled the
 * window and ESC [ 2 J cleared the screen from a stopped reason in hm show. The escape is also the JSON
 * string escape of that character, so JSON output still reads back exactly: Jackson escapes C0 itself
 * and leaves C1 and the overrides raw.
 */
public final class SafeTerminalWriter extends FilterWriter {

    private SafeTerminalWriter(Writer out) {
        super(out);
    }

    public static PrintWriter around(Writer out) {
        return new PrintWriter(new SafeTerminalWriter(out), true);
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
        out.write(shown(new String(chars, offset, length)));
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        out.write(shown(text.substring(offset, offset + length)));
    }
}
