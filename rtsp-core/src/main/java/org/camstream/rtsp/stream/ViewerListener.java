package org.camstream.rtsp.stream;

/**
 * Told when a stream gains its first playing viewer and when its last one stops (PAUSE, TEARDOWN,
 * timeout, closed connection, server stop), so a camera can capture and encode only while watched.
 * Called on the event loop, once per transition; must not block.
 */
public interface ViewerListener {
    ViewerListener NONE = new ViewerListener() {
        @Override
        public void firstViewerPlaying() { }

        @Override
        public void lastViewerLeft() { }
    };

    void firstViewerPlaying();

    void lastViewerLeft();
}
