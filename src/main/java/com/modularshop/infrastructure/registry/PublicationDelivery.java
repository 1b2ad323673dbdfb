package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import com.modularshop.infrastructure.registry.ModuleListeners.Listener;
import com.modularshop.infrastructure.registry.RegistryTables.Claimed;
import com.modularshop.infrastructure.tracing.MessageTracing;

/**
 * One delivery attempt of a claimed publication: the listener and the publication's completion in one transaction,
 * or the attempt's failure in another. A publication whose type or payload cannot be read becomes a dead letter
 * ({@code UNREADABLE}) instead of blocking the rest.
 *
 * <p>A listener that answers with a future (Spring Modulith's Kafka externalizer, whose future is the broker's
 * acknowledgement) completes its publication only when that future does, within {@code result-timeout}; a failed or
 * late answer is a failed attempt, and pauses the listener ({@link ListenerPauses}).
 *
 * <p>While tracing is on, each attempt is a span named after the listener's module and the message, continuing the
 * trace stored with the publication.
 */
class PublicationDelivery {

	private final RegistryTables tables;
	private final ModuleListeners listeners;
	private final EventSerializer serializer;
	private final PlatformTransactionManager transactionManager;
	private final DeliveryOutcomes outcomes;
	private final ListenerPauses pauses;
	private final Clock clock;
	private final Duration resultTimeout;
	private final @Nullable MessageTracing tracing;
	private final ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	PublicationDelivery(RegistryTables tables, ModuleListeners listeners, EventSerializer serializer,
			PlatformTransactionManager transactionManager, DeliveryOutcomes outcomes, ListenerPauses pauses,
			Clock clock, Duration resultTimeout, @Nullable MessageTracing tracing) {

		this.tables = tables;
		this.listeners = listeners;
		this.serializer = serializer;
		this.transactionManager = transactionManager;
		this.outcomes = outcomes;
		this.pauses = pauses;
		this.clock = clock;
		this.resultTimeout = resultTimeout;
		this.tracing = tracing;
	}

	void deliver(Claimed claimed) {

		var listener = listeners.get(claimed.listenerId());

		if (listener == null) {
			tables.release(claimed);
		} else if (tracing == null) {
			attempt(listener, claimed);
		} else {
			tracing.deliver(listener.module(), ClassUtils.getShortName(claimed.eventType()), claimed.traceContext(),
					() -> attempt(listener, claimed));
		}
	}

	private void attempt(Listener listener, Claimed claimed) {

		Object event;

		try {
			event = serializer.deserialize(claimed.serializedEvent(),
					ClassUtils.forName(claimed.eventType(), classLoader));
		} catch (Exception | LinkageError unreadable) {
			tables.bury(claimed.id(), DeadLetterReason.UNREADABLE, clock.instant());
			outcomes.unreadable(claimed, unreadable);
			return;
		}

		try {
			transactions(listener).executeWithoutResult(status -> {
				var result = ReflectionUtils.invokeMethod(listener.method(), listener.target(), event);
				if (listener.awaited()) {
					await(result);
				}
				if (!tables.complete(claimed, clock.instant())) {
					throw new ClaimLost(claimed);
				}
			});
			outcomes.delivered(listener, event);
			pauses.succeeded(listener);
		} catch (ClaimLost lost) {
			// another attempt holds it now (this one ran past stale-after): its work counts, ours is rolled back
			outcomes.superseded(listener, event, lost);
			pauses.succeeded(listener);
		} catch (RuntimeException failure) {
			if (tracing != null) {
				tracing.failed(failure);
			}
			new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				tables.fail(claimed);
				outcomes.failed(listener, event, failure);
			});
			pauses.failed(listener);
		}
	}

	/** Waits for a listener's asynchronous answer, within {@code result-timeout}; anything else fails the attempt. */
	private void await(@Nullable Object result) {

		if (result == null) {
			return;
		}

		var future = result instanceof CompletionStage<?> stage ? stage.toCompletableFuture() : (Future<?>) result;

		try {
			future.get(resultTimeout.toMillis(), TimeUnit.MILLISECONDS);
		} catch (ExecutionException failed) {
			throw new AnswerFailed("The listener's answer failed: " + failed.getCause(), failed.getCause());
		} catch (TimeoutException late) {
			future.cancel(false);
			throw new AnswerFailed("The listener did not answer within " + resultTimeout, late);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AnswerFailed("Interrupted while waiting for the listener's answer", e);
		}
	}

	private TransactionTemplate transactions(Listener listener) {

		var definition = new DefaultTransactionDefinition(listener.propagation().value());
		definition.setReadOnly(listener.readOnly());
		definition.setName(listener.shortName());

		return new TransactionTemplate(transactionManager, definition);
	}

	/** An awaited listener's future failed or did not complete in time. */
	static final class AnswerFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		AnswerFailed(String message, @Nullable Throwable cause) {
			super(message, cause);
		}
	}

	/** The claim went stale and another attempt took the publication over. */
	static final class ClaimLost extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ClaimLost(Claimed claimed) {
			super("Publication %s was claimed again while this attempt ran".formatted(claimed.id()), null, false,
					false);
		}
	}
}
