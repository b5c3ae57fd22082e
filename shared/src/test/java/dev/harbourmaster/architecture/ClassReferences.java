package dev.harbourmaster.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a compiled class refers to, read from its constant pool (JVMS §4.4): the Class entries
 * and every type named in a descriptor or signature. This sees what imports miss: fully qualified
 * names, and types reached only through a method's signature.
 */
final class ClassReferences {

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    private ClassReferences() {}

    /** Internal names (java/lang/String) of every class {@code classFile} refers to, itself included. */
    static Set<String> of(Path classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(classFile)));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException(classFile + " is not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException(classFile + ": unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> references = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (!name.startsWith("[")) {
                references.add(name);
            } // an array class is named by its descriptor ([Ljava/lang/String;), read with the others below
        }
        for (String constant : utf8) {
            if (constant != null) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(constant);
                while (m.find()) {
                    references.add(m.group(1));
                }
            }
        }
        return references;
    }
}
