/**
 * The RTSP 1.0 wire format (RFC 2326 §4, §6, §7, §10.12): request parser, response writer and its
 * twin parser, header fields, methods, status codes, interleaved binary framing, Request-URIs, and
 * the typed errors every layer answers with. Internal: not exported. Imports only {@code runtime}.
 */
package org.camstream.rtsp.wire;
