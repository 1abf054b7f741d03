package org.camstream.rtsp.runtime;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hands each ready key of a selector to one handler. Java 11's {@code Selector.select(Consumer, long)}
 * does it without the selected-key set and its iterator, so the loop makes no garbage per pass; Android
 * API 24 lacks it, so there the key set is walked. {@link #create} picks the form the runtime links.
 */
public abstract class SelectorDriver {
    /** The handler every ready key goes to. */
    protected final Consumer<SelectionKey> handler;

    protected SelectorDriver(Consumer<SelectionKey> handler) {
        this.handler = handler;
    }

    /** The Java 11 form where the runtime has it, else the key-set walk. */
    public static SelectorDriver create(Consumer<SelectionKey> handler) {
        return create("org.camstream.rtsp.runtime.ConsumerSelectorDriver", handler);
    }

    static SelectorDriver create(String className, Consumer<SelectionKey> handler) {
        try {
            return (SelectorDriver) Class.forName(className).getDeclaredConstructor(Consumer.class)
                    .newInstance(handler);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new KeySetWalk(handler);
        }
    }

    /** Waits at most {@code timeoutMillis} (&gt; 0) for ready keys and handles them. */
    public abstract void select(Selector selector, long timeoutMillis) throws IOException;

    /** Handles the keys that are ready now, without waiting. */
    public abstract void selectNow(Selector selector) throws IOException;

    /** Portable form: the selected-key set (Android API 24, any JVM). */
    static final class KeySetWalk extends SelectorDriver {
        KeySetWalk(Consumer<SelectionKey> handler) {
            super(handler);
        }

        @Override
        public void select(Selector selector, long timeoutMillis) throws IOException {
            if (selector.select(timeoutMillis) > 0) {
                drain(selector.selectedKeys());
            }
        }

        @Override
        public void selectNow(Selector selector) throws IOException {
            if (selector.selectNow() > 0) {
                drain(selector.selectedKeys());
            }
        }

        private void drain(Set<SelectionKey> keys) {
            for (Iterator<SelectionKey> it = keys.iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                handler.accept(key);
            }
        }
    }
}
