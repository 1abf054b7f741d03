/**
 * RTSP sessions: the one state machine ({@link org.camstream.rtsp.session.Session}, RFC 2326 Appendix
 * A.2) with its counters, and the registry of live sessions. Internal: not exported. Imports
 * {@code transport} and {@code wire}.
 */
package org.camstream.rtsp.session;
