package org.camstream.rtsp.publish;

/** Where a publisher's connection is; the states of {@link PublisherMachine}. */
public enum PublishPhase {
    /** No SPS/PPS seen yet: the ANNOUNCE SDP needs them (RFC 6184 §8.1 sprop-parameter-sets). */
    WAITING_FOR_STREAM,
    CONNECTING,
    OPTIONS,
    ANNOUNCE,
    SETUP,
    RECORD,
    PUBLISHING,
    /** Waiting out a backoff after a failure; {@link PublisherCounters#lastError()} says which. */
    RETRYING,
    /** TEARDOWN sent, waiting briefly for its answer. */
    STOPPING,
    STOPPED
}
