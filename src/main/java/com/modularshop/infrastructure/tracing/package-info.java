/**
 * Distributed tracing, off unless configured: Boot's Micrometer Tracing over OpenTelemetry, plus what Boot cannot know
 * about, the trace context of a message that waits in the event publication registry between the request that
 * published it and the listener that receives it.
 */
@NullMarked
package com.modularshop.infrastructure.tracing;

import org.jspecify.annotations.NullMarked;
