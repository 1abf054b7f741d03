/** RTP packets, RTCP reports and the H.264 payload format. */
package org.camstream.rtp;
