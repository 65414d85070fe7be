package com.example.awkward;

import java.util.*;
import java.util.function.Function;

// public class CommentedOut { }
/* public void commentedOut() { } */

/**
 * The awkward class.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
@Deprecated(since = "1.0", forRemoval = false)
public class Awkward<T extends Comparable<T>> extends Base implements Runnable {
    /** A constant that looks like code. */
    public static final String CODE = "public void fake() { /* not a comment */ }";
    private static final char QUOTE = '"', BRACE = '{';
    protected Map<String, List<T>> index = new HashMap<String, List<T>>(), other;
    int packagePrivate;

    static final String BLOCK = """
        public class InTextBlock {
            void method() { "} }
        }
        """;

    static {
        System.out.println("static init }");
    }

    /** Makes one. */
    public Awkward() {
        this(null);
    }

    Awkward(T seed) {
        super(seed);
    }

    /**
     * Runs it.
     */
    @Override
    public void run() {
        Runnable r = new Runnable() {
            public void run() { }
        };
        Function<String, Integer> f = s -> {
            return s.length();
        };
    }

    public <R extends Number> List<R> multiLine(
            @Deprecated Map<String, ? extends R> input,
            int... rest)
            throws IllegalStateException, java.io.IOException {
        char c = '}';
        return null;
    }

    private int[] arrays()[] { return null; }

    public static class Nested {
        public void inNested() { }

        protected interface Deeper {
            void implicitPublic();
            private void notPublic() { }
        }
    }

    private enum State {
        ON("on") {
            @Override
            String label() { return "ON"; }
        },
        OFF("off");

        private final String raw;

        State(String raw) { this.raw = raw; }

        String label() { return raw; }
    }

    public record Point(int x, int y) implements Comparable<Point> {
        public Point {
            if (x < 0) throw new IllegalArgumentException("x < 0");
        }

        public int compareTo(Point o) { return Integer.compare(x, o.x); }
    }

    public @interface Marker {
        String value() default "}";
    }

    public void ünïcode() { }
}

interface PackagePrivate {
    void method();
}
