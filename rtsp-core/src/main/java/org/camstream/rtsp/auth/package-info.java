/**
 * RTSP authentication (RFC 2326 §12.5): Digest per RFC 7616 and Basic per RFC 7617. Internal: not
 * exported. Imports {@code headers} and {@code wire}.
 */
package org.camstream.rtsp.auth;
