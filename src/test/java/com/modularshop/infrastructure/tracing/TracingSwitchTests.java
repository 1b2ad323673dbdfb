package com.modularshop.infrastructure.tracing;

import static org.assertj.core.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Tracing is on exactly when an OTLP endpoint is configured, unless Boot's switch says otherwise; while it is off,
 * Boot's tracing and OpenTelemetry auto-configurations are left out and every other one stays.
 */
class TracingSwitchTests {

	static final String[] CANDIDATES = {
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
			"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
			"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration", null };

	@Test
	void isOffWithoutConfiguration() {

		var environment = environment(Map.of());

		assertThat(TracingSwitch.isOn(environment)).isFalse();
		assertThat(filter(environment)).containsExactly(false, false, false, false, true, true, true);
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled", Boolean.class)).isFalse();
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled", Boolean.class)).isFalse();
	}

	@Test
	void isOnWithAnOtlpEndpoint() {

		var environment = environment(Map.of(TracingSwitch.ENDPOINT, "http://collector:4318/v1/traces"));

		assertThat(TracingSwitch.isOn(environment)).isTrue();
		assertThat(filter(environment)).containsOnly(true);
		assertThat(environment.getProperty("spring.kafka.template.observation-enabled", Boolean.class)).isTrue();
		assertThat(environment.getProperty("spring.kafka.listener.observation-enabled", Boolean.class)).isTrue();
	}

	@Test
	void followsBootsSwitchWhenItIsSetExplicitly() {

		assertThat(TracingSwitch.isOn(environment(Map.of(TracingSwitch.ENABLED, "true")))).isTrue();
		assertThat(TracingSwitch.isOn(environment(Map.of(TracingSwitch.ENABLED, "false", TracingSwitch.ENDPOINT,
				"http://collector:4318/v1/traces")))).isFalse();
	}

	static StandardEnvironment environment(Map<String, Object> properties) {

		var environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new TracingSwitch.Default().postProcessEnvironment(environment, new SpringApplication());

		return environment;
	}

	static boolean[] filter(StandardEnvironment environment) {

		var filter = new TracingSwitch.Filter();
		filter.setEnvironment(environment);

		return filter.match(CANDIDATES, null);
	}
}
