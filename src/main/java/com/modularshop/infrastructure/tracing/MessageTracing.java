package com.modularshop.infrastructure.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Carries a trace across the event publication registry, where a message waits in a table between the code that
 * published it and the listener that receives it, possibly in another process and after retries and resubmissions.
 * {@link #currentContext()} is what is stored with a publication: the current span's propagation headers (W3C
 * {@code traceparent} and whatever else the configured propagator writes) as {@code name: value} lines.
 * {@link #deliver} runs a listener invocation in a span that continues the stored trace.
 *
 * <p>Exists only while tracing is on ({@link TracingSwitch}); without it the registry stores no context and opens no
 * span.
 */
public class MessageTracing {

	/** The observation name, also the name of the timer Micrometer records with it. */
	public static final String LISTENER_OBSERVATION = "shop.events.listener";

	private final Tracer tracer;
	private final Propagator propagator;
	private final ObservationRegistry observations;

	MessageTracing(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.observations = observations;
	}

	/** The propagation headers of the current span as {@code name: value} lines, or null outside any span. */
	public @Nullable String currentContext() {

		var span = tracer.currentSpan();

		if (span == null) {
			return null;
		}

		var headers = new StringBuilder();
		propagator.inject(span.context(), headers,
				(carrier, name, value) -> carrier.append(name).append(": ").append(value).append('\n'));

		return headers.isEmpty() ? null : headers.toString();
	}

	/**
	 * Runs the delivery of a message to a module listener as a consumer span named {@code "<module>: <message>"}, the
	 * child of the stored context (a new trace without one). The span is current while the delivery runs, so log lines
	 * carry its ids and whatever the listener publishes stores it in turn. Failures the delivery throws are recorded
	 * and rethrown; those it handles itself it reports with {@link #failed}.
	 */
	public void deliver(String module, String message, @Nullable String storedContext, Runnable delivery) {

		var headers = parse(storedContext);

		Observation.createNotStarted(LISTENER_OBSERVATION, () -> {
			var context = new ReceiverContext<Map<String, String>>(Map::get);
			context.setCarrier(headers);
			return context;
		}, observations)
				.contextualName(module + ": " + message)
				.lowCardinalityKeyValue("module", module)
				.lowCardinalityKeyValue("message", message)
				.observe(delivery);
	}

	/** Marks the delivery under way on this thread as failed (the dispatcher handles the failure itself). */
	public void failed(Throwable failure) {

		var current = observations.getCurrentObservation();

		if (current != null) {
			current.error(failure);
		}
	}

	static Map<String, String> parse(@Nullable String storedContext) {

		var headers = new LinkedHashMap<String, String>();

		if (storedContext != null) {
			storedContext.lines().forEach(line -> {
				var colon = line.indexOf(':');
				if (colon > 0) {
					headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
				}
			});
		}

		return headers;
	}
}
