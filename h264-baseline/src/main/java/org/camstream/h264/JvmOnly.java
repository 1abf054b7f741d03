package org.camstream.h264;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that uses an API Android API 24 lacks and that is loaded only by name, behind a
 * fallback (see {@link LittleEndianLongs#choose}). The build's animal-sniffer check skips classes
 * carrying it; everything else stays checked.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface JvmOnly {
}
