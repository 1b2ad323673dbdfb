package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.lang.reflect.Method;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.StringJoiner;
import java.util.UUID;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;

/**
 * Wraps every {@code @ApplicationModuleListener} invocation: counts outcomes per message type and listener, and
 * records the last error of a failed delivery by the message's {@code eventId}, which the registry itself does not
 * keep, so operators can see why a publication failed.
 */
class ListenerOutcomes implements MethodInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(ListenerOutcomes.class);
	private static final int MAX_ERROR_LENGTH = 2000;

	private final MeterRegistry meters;
	private final JdbcClient jdbc;
	private final Clock clock;

	ListenerOutcomes(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
		this.meters = meters;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {

		var message = invocation.getArguments().length == 1 ? invocation.getArguments()[0] : null;
		var listener = listenerId(invocation.getMethod());
		var event = message == null ? "unknown" : message.getClass().getSimpleName();

		try {
			var result = invocation.proceed();
			meters.counter("shop.events.listener.invocations", "event", event, "listener", shortName(listener),
					"outcome", "success").increment();
			return result;
		} catch (Throwable failure) {
			meters.counter("shop.events.listener.invocations", "event", event, "listener", shortName(listener),
					"outcome", "failure").increment();
			record(listener, message, failure);
			throw failure;
		}
	}

	private void record(String listener, Object message, Throwable failure) {

		var eventId = eventId(message);

		if (eventId == null) {
			return;
		}

		var error = String.valueOf(failure);

		try {
			jdbc.sql("""
					INSERT INTO event_publication_failure AS f (listener_id, event_id, failures, last_error, last_failed_at)
					VALUES (:listener, :event, 1, :error, :now)
					ON CONFLICT (listener_id, event_id) DO UPDATE
					  SET failures = f.failures + 1, last_error = :error, last_failed_at = :now
					""")
					.param("listener", listener)
					.param("event", eventId)
					.param("error", error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error)
					.param("now", Timestamp.from(clock.instant()))
					.update();
		} catch (RuntimeException e) {
			// The failure itself is what matters; it is logged and the publication stays failed either way.
			LOG.warn("Could not record the failure of {} for {}", listener, eventId, e);
		}
	}

	/** The id Spring gives an event listener method by default, which is what the registry stores. */
	static String listenerId(Method method) {

		var parameters = new StringJoiner(",", "(", ")");

		for (var type : method.getParameterTypes()) {
			parameters.add(type.getName());
		}

		return ClassUtils.getQualifiedMethodName(method) + parameters;
	}

	private static String shortName(String listenerId) {

		var method = listenerId.substring(0, listenerId.indexOf('('));
		var lastDot = method.lastIndexOf('.');

		return method.substring(method.lastIndexOf('.', lastDot - 1) + 1);
	}

	private static UUID eventId(Object message) {

		if (message == null || !message.getClass().isRecord()) {
			return null;
		}

		try {
			var accessor = message.getClass().getMethod("eventId");
			return accessor.getReturnType() == UUID.class ? (UUID) accessor.invoke(message) : null;
		} catch (ReflectiveOperationException notAMessage) {
			return null;
		}
	}
}
