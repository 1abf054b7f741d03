/** Session descriptions (RFC 8866) and H.264 parameter-set inspection. */
package org.camstream.sdp;
