package org.camstream.rtsp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both forms of the loop's key dispatch hand each ready key to the handler once per select. */
class SelectorDriverTest {

    @Test
    void thisJvmGetsTheConsumerFormAndAnUnlinkableOneFallsBack() {
        assertThat(SelectorDriver.create(k -> { })).isInstanceOf(ConsumerSelectorDriver.class);
        assertThat(SelectorDriver.create("org.camstream.rtsp.runtime.NoSuchDriver", k -> { }))
                .isInstanceOf(SelectorDriver.KeySetWalk.class);
    }

    @Test
    void bothFormsDeliverTheReadyKeyOnce() throws IOException {
        for (String name : new String[] {"org.camstream.rtsp.runtime.ConsumerSelectorDriver", "none"}) {
            try (Selector selector = Selector.open()) {
                Pipe pipe = Pipe.open();
                pipe.source().configureBlocking(false);
                SelectionKey key = pipe.source().register(selector, SelectionKey.OP_READ);
                List<SelectionKey> seen = new ArrayList<>();
                SelectorDriver driver = SelectorDriver.create(name, seen::add);
                driver.selectNow(selector);
                assertThat(seen).as(name + ": nothing ready").isEmpty();
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                driver.select(selector, 2_000);
                assertThat(seen).as(name).containsExactly(key);
                pipe.source().read(ByteBuffer.allocate(8));
                seen.clear();
                driver.selectNow(selector);
                assertThat(seen).as(name + ": drained, so not ready again").isEmpty();
                pipe.sink().close();
                pipe.source().close();
            }
        }
    }
}
