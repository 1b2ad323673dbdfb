package com.modularshop.infrastructure.tracing;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import com.modularshop.infrastructure.SwitchedAutoConfigurations;

/**
 * Tracing is off unless configured. Boot turns Micrometer Tracing on whenever its jars are present, so that every
 * request would carry a span nobody exports and start-up would build an OpenTelemetry SDK for nothing. Here
 * {@value #ENABLED} (Boot's own switch) defaults to whether an OTLP tracing endpoint ({@value #ENDPOINT}) is set, and
 * while it is false none of Boot's tracing or OpenTelemetry auto-configurations is even considered: no tracer, no
 * span, no tracing observation handler. Setting {@value #ENABLED} explicitly wins either way (the tracing tests turn
 * it on with an in-memory exporter and no endpoint). Spring Kafka's observations, which put the trace into record
 * headers and continue it on the consuming side, follow the same switch unless set themselves.
 */
public final class TracingSwitch {

	static final String ENABLED = "management.tracing.export.enabled";
	static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
	/** Kafka records carry the trace in their headers, and a consumer continues it, exactly while tracing is on. */
	static final List<String> KAFKA_OBSERVATION = List.of("spring.kafka.template.observation-enabled",
			"spring.kafka.listener.observation-enabled");

	private TracingSwitch() {}

	static boolean isOn(Environment environment) {
		return environment.getProperty(ENABLED, Boolean.class, Boolean.TRUE);
	}

	/** Gives {@value #ENABLED} its default: on exactly when an OTLP endpoint is configured. */
	public static class Default implements EnvironmentPostProcessor {

		@Override
		public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
			// last: application.yml, the command line and test properties all come first
			environment.getPropertySources().addLast(new EndpointConfigured(environment));
		}
	}

	/** Leaves Boot's tracing and OpenTelemetry auto-configurations out while tracing is off. */
	public static class Filter extends SwitchedAutoConfigurations {

		public Filter() {
			super("org.springframework.boot.micrometer.tracing.", "org.springframework.boot.opentelemetry.");
		}

		@Override
		protected boolean isOn(Environment environment) {
			return TracingSwitch.isOn(environment);
		}
	}

	/** Resolved when asked, so that it sees the endpoint however it was configured. */
	private static final class EndpointConfigured extends EnumerablePropertySource<Object> {

		private final Environment environment;

		EndpointConfigured(Environment environment) {
			super("tracingSwitch", new Object());
			this.environment = environment;
		}

		@Override
		public String[] getPropertyNames() {
			return Stream.concat(Stream.of(ENABLED), KAFKA_OBSERVATION.stream()).toArray(String[]::new);
		}

		@Override
		public @Nullable Object getProperty(String name) {

			if (ENABLED.equals(name)) {
				return StringUtils.hasText(environment.getProperty(ENDPOINT));
			}

			return KAFKA_OBSERVATION.contains(name) ? isOn(environment) : null;
		}
	}
}
