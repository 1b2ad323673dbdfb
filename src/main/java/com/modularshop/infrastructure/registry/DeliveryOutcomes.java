package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.modularshop.infrastructure.registry.ModuleListeners.Listener;
import com.modularshop.infrastructure.registry.RegistryTables.Claimed;

/**
 * What became of each delivery: counted per message type, listener and outcome, and for failures the last error by the
 * message's {@code eventId}, which the registry itself does not keep, so operators can see why a publication failed.
 * Counters are looked up once per listener and outcome, not per delivery.
 */
class DeliveryOutcomes {

	private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);
	private static final int MAX_ERROR_LENGTH = 2000;

	private final MeterRegistry meters;
	private final RegistryTables tables;
	private final Clock clock;
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	DeliveryOutcomes(MeterRegistry meters, RegistryTables tables, Clock clock) {
		this.meters = meters;
		this.tables = tables;
		this.clock = clock;
	}

	void delivered(Listener listener, Object message) {
		count(listener, message, "success");
	}

	void superseded(Listener listener, Object message, RuntimeException lost) {
		count(listener, message, "superseded");
		LOG.warn("{}", lost.getMessage());
	}

	/** Counts and records the failure; runs in the transaction that marks the publication failed. */
	void failed(Listener listener, Object message, RuntimeException failure) {

		count(listener, message, "failure");
		LOG.info("Listener {} failed on {}; its publication is retried after a backoff: {}", listener.shortName(),
				message.getClass().getSimpleName(), failure.toString());

		var eventId = eventId(message);
		if (eventId != null) {
			var error = String.valueOf(failure);
			tables.recordFailure(listener.id(), eventId,
					error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error, clock.instant());
		}
	}

	void unreadable(Claimed claimed, Throwable cause) {
		LOG.error("Publication {} of {} to {} cannot be read and is now a dead letter (UNREADABLE): {}", claimed.id(),
				claimed.eventType(), claimed.listenerId(), cause.toString());
		meters.counter("shop.events.dead.letters", "event", PublicationSupervisor.simpleName(claimed.eventType()))
				.increment();
	}

	private void count(Listener listener, Object message, String outcome) {
		counters.computeIfAbsent(listener.id() + '|' + outcome, __ -> meters.counter(
				"shop.events.listener.invocations", "event", message.getClass().getSimpleName(), "listener",
				listener.shortName(), "outcome", outcome)).increment();
	}

	private static @Nullable UUID eventId(Object message) {

		if (!message.getClass().isRecord()) {
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
