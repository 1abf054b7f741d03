/** The RTSP server: public API, wire layer, sessions and delivery. */
package org.camstream.rtsp;
