package com.modularshop.infrastructure.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the shop adds to Boot's tracing, present only while tracing is on ({@link TracingSwitch}): the trace context of
 * messages in the event publication registry ({@link MessageTracing}).
 */
@AutoConfiguration(after = MicrometerTracingAutoConfiguration.class)
@ConditionalOnBean({ Tracer.class, Propagator.class })
public class TracingAutoConfiguration {

	@Bean
	MessageTracing messageTracing(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
		return new MessageTracing(tracer, propagator, observations);
	}
}
