package org.camstream.conformance.platform;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the build checks need from one class file (JVMS §4.1): its version, the classes it refers to and,
 * for a {@code module-info.class}, the modules it requires (JVMS §4.7.25).
 *
 * <p>"Refers to" means what the class links against at run time: the owners and descriptor types of its
 * field and method references (JVMS §4.4.2), its own field and method descriptors, its super types, the
 * {@code CONSTANT_Class} entries of its code and the {@code MethodType}s passed to bootstraps. Two kinds of
 * constant-pool entries are left out because nothing links against them on a JVM that lacks them:
 * nesting records of the {@code InnerClasses} attribute (JVMS §4.7.6; javac lists
 * {@code MethodHandles$Lookup} there for every lambda) and the bootstrap methods of
 * {@link #DESUGARED_BOOTSTRAPS} (lambdas and string concatenation, which Android's D8 rewrites into plain
 * code for every API level).
 */
record ClassFileFacts(String name, int major, Set<String> referencedClasses, List<String> requires) {

    /** Bootstrap owners whose invokedynamic call sites D8 desugars (lambdas, JEP 280 string concatenation). */
    static final Set<String> DESUGARED_BOOTSTRAPS =
            Set.of("java/lang/invoke/LambdaMetafactory", "java/lang/invoke/StringConcatFactory");

    private static final int ACC_MODULE = 0x8000;
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([^;<>]+)[;<]");

    /** Constant-pool tags, JVMS Table 4.4-B. */
    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELDREF = 9, METHODREF = 10, INTERFACE_METHODREF = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

    boolean isModuleInfo() {
        return name.equals("module-info");
    }

    /** Parses one class file; a malformed one fails with the offending offset's meaning in the message. */
    static ClassFileFacts parse(byte[] bytes) {
        try {
            return new Reader(new DataInputStream(new ByteArrayInputStream(bytes))).read();
        } catch (IOException e) {
            throw new UncheckedIOException("truncated class file", e);
        }
    }

    /** One pass over the class file; the constant pool is kept as parallel arrays indexed like the file. */
    private static final class Reader {
        private final DataInputStream in;
        private int[] tag;
        private int[] first;   // Class/String/MethodType/Module name index, member ref class index, NameAndType name
        private int[] second;  // member ref NameAndType index, NameAndType descriptor, MethodHandle reference
        private String[] utf8;

        Reader(DataInputStream in) {
            this.in = in;
        }

        ClassFileFacts read() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file (magic is not 0xCAFEBABE)");
            }
            in.readUnsignedShort(); // minor_version
            int major = in.readUnsignedShort();
            readConstantPool();
            int access = in.readUnsignedShort();
            int thisClass = in.readUnsignedShort();
            int superClass = in.readUnsignedShort();
            String name = (access & ACC_MODULE) != 0 ? "module-info" : className(thisClass);

            Set<String> refs = new TreeSet<>();
            if (superClass != 0) {
                refs.add(className(superClass));
            }
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                refs.add(className(in.readUnsignedShort()));
            }
            for (int kind = 0; kind < 2; kind++) { // fields, then methods (JVMS §4.5, §4.6)
                int count = in.readUnsignedShort();
                for (int i = 0; i < count; i++) {
                    in.readUnsignedShort(); // access_flags
                    in.readUnsignedShort(); // name_index
                    addDescriptorClasses(utf8[in.readUnsignedShort()], refs);
                    skipAttributes();
                }
            }
            Set<Integer> nestingOnly = new HashSet<>();
            Set<Integer> desugaredBootstrapRefs = new HashSet<>();
            List<String> requires = new ArrayList<>();
            int attributes = in.readUnsignedShort();
            for (int i = 0; i < attributes; i++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                switch (attribute) {
                    case "InnerClasses" -> {
                        int n = in.readUnsignedShort();
                        for (int k = 0; k < n; k++) {
                            nestingOnly.add(in.readUnsignedShort());
                            nestingOnly.add(in.readUnsignedShort());
                            in.readUnsignedShort();
                            in.readUnsignedShort();
                        }
                    }
                    case "BootstrapMethods" -> {
                        int n = in.readUnsignedShort();
                        for (int k = 0; k < n; k++) {
                            int memberRef = second[in.readUnsignedShort()]; // MethodHandle -> its member ref
                            if (DESUGARED_BOOTSTRAPS.contains(className(first[memberRef]))) {
                                desugaredBootstrapRefs.add(memberRef);
                            }
                            in.skipNBytes(2L * in.readUnsignedShort()); // bootstrap arguments
                        }
                    }
                    case "Module" -> {
                        in.readUnsignedShort(); // module_name_index
                        in.readUnsignedShort(); // module_flags
                        in.readUnsignedShort(); // module_version_index
                        int n = in.readUnsignedShort();
                        for (int k = 0; k < n; k++) {
                            requires.add(utf8[first[in.readUnsignedShort()]]);
                            in.readUnsignedShort(); // requires_flags
                            in.readUnsignedShort(); // requires_version_index
                        }
                        // exports, opens, uses, provides are not needed
                        in.skipNBytes(length - 8 - 6L * n);
                    }
                    default -> in.skipNBytes(length);
                }
            }
            collectPoolReferences(thisClass, nestingOnly, desugaredBootstrapRefs, refs);
            refs.remove(name);
            return new ClassFileFacts(name, major, refs, List.copyOf(requires));
        }

        private void readConstantPool() throws IOException {
            int count = in.readUnsignedShort();
            tag = new int[count];
            first = new int[count];
            second = new int[count];
            utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                tag[i] = in.readUnsignedByte();
                switch (tag[i]) {
                    case UTF8 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, JVMS §4.4.7
                    case INTEGER, FLOAT -> in.readInt();
                    case LONG, DOUBLE -> {
                        in.readLong();
                        i++; // takes two entries, JVMS §4.4.5
                    }
                    case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> first[i] = in.readUnsignedShort();
                    case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                        first[i] = in.readUnsignedShort();
                        second[i] = in.readUnsignedShort();
                    }
                    case METHOD_HANDLE -> {
                        in.readUnsignedByte(); // reference_kind
                        second[i] = in.readUnsignedShort();
                    }
                    default -> throw new IllegalArgumentException("unknown constant-pool tag " + tag[i] + " at #" + i);
                }
            }
        }

        private void collectPoolReferences(int thisClass, Set<Integer> nestingOnly,
                Set<Integer> desugaredBootstrapRefs, Set<String> refs) {
            Set<Integer> ownersOfKeptRefs = new HashSet<>();
            Set<Integer> ownersOfDesugaredRefs = new HashSet<>();
            for (int i = 1; i < tag.length; i++) {
                switch (tag[i]) {
                    case FIELDREF, METHODREF, INTERFACE_METHODREF -> {
                        if (desugaredBootstrapRefs.contains(i)) {
                            ownersOfDesugaredRefs.add(first[i]);
                        } else {
                            ownersOfKeptRefs.add(first[i]);
                            refs.add(className(first[i]));
                            addDescriptorClasses(utf8[second[second[i]]], refs);
                        }
                    }
                    case METHOD_TYPE -> addDescriptorClasses(utf8[first[i]], refs);
                    default -> { }
                }
            }
            for (int i = 1; i < tag.length; i++) {
                if (tag[i] != CLASS || i == thisClass || ownersOfKeptRefs.contains(i)) {
                    continue;
                }
                boolean onlyNesting = nestingOnly.contains(i);
                boolean onlyDesugared = ownersOfDesugaredRefs.contains(i);
                String element = elementClass(utf8[first[i]]);
                if (!onlyNesting && !onlyDesugared && element != null) {
                    refs.add(element);
                }
            }
        }

        private String className(int classIndex) {
            return utf8[first[classIndex]];
        }

        private void skipAttributes() throws IOException {
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                in.readUnsignedShort();
                in.skipNBytes(in.readInt() & 0xFFFF_FFFFL);
            }
        }
    }

    /** An array class's entry ({@code [Ljava/lang/String;}) names its element class; primitives name none. */
    private static String elementClass(String classEntry) {
        if (!classEntry.startsWith("[")) {
            return classEntry;
        }
        Matcher m = DESCRIPTOR_CLASS.matcher(classEntry);
        return m.find() ? m.group(1) : null;
    }

    private static void addDescriptorClasses(String descriptor, Set<String> out) {
        Matcher m = DESCRIPTOR_CLASS.matcher(descriptor);
        while (m.find()) {
            out.add(m.group(1));
        }
    }
}
