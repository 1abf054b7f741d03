package org.camstream.rtsp.runtime;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * {@link SelectorDriver} through Java 11's {@code Selector.select(Consumer, long)}: ready keys go straight
 * to the handler, with no selected-key set and no iterator. Loaded only by name (Android lacks the method).
 */
@JvmOnly
final class ConsumerSelectorDriver extends SelectorDriver {
    ConsumerSelectorDriver(Consumer<SelectionKey> handler) {
        super(handler);
    }

    @Override
    public void select(Selector selector, long timeoutMillis) throws IOException {
        selector.select(handler, timeoutMillis);
    }

    @Override
    public void selectNow(Selector selector) throws IOException {
        selector.selectNow(handler);
    }
}
