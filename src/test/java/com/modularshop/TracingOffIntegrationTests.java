package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import com.modularshop.infrastructure.tracing.MessageTracing;

/**
 * Without tracing configured (as in every other test) nothing of it exists: no tracer, no OpenTelemetry SDK, no
 * message tracing, and log lines have no empty correlation column.
 */
@SpringBootTest
class TracingOffIntegrationTests {

	@Autowired ApplicationContext context;

	@Test
	void leavesEveryTracingBeanOut() {

		assertThat(context.getBeanNamesForType(io.micrometer.tracing.Tracer.class)).isEmpty();
		assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
		assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.trace.SdkTracerProvider.class)).isEmpty();
		assertThat(context.getBeanNamesForType(MessageTracing.class)).isEmpty();
		assertThat(context.getEnvironment().getProperty("logging.expect-correlation-id", Boolean.class)).isFalse();
	}
}
