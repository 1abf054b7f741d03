package org.camstream.examples;

/** Minimal "--name value" command-line options for the examples. */
final class Args {
    private final String[] args;

    Args(String[] args) {
        this.args = args.clone();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + args[i]);
            i++;
        }
    }

    String string(String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals(name)) return args[i + 1];
        }
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals(name)) throw new IllegalArgumentException(name + " needs a value");
        }
        return fallback;
    }

    int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects a whole number, got " + v, e);
        }
    }
}
