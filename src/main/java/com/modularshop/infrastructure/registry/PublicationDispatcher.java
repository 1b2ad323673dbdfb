package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import com.modularshop.infrastructure.registry.ModuleListeners.Listener;
import com.modularshop.infrastructure.registry.RegistryTables.Backoff;
import com.modularshop.infrastructure.registry.RegistryTables.Claimed;
import com.modularshop.infrastructure.registry.RegistryTables.DeadLetterReason;
import com.modularshop.infrastructure.tracing.MessageTracing;

/**
 * Delivers publications to module listeners from the registry table, which is the only queue: it claims the oldest
 * waiting publications ({@code FOR UPDATE SKIP LOCKED}, so instances share the work and never take the same row)
 * exactly as fast as the listener threads free up, runs each listener in a transaction that also completes the
 * publication, and keeps nothing in memory beyond what it has claimed (at most twice the listener threads).
 *
 * <p>A commit that stored publications wakes it at once; with supervision on it also looks every
 * {@code poll-interval} for due retries and for publications another process left behind. A publication whose type
 * or payload cannot be read becomes a dead letter ({@code UNREADABLE}) instead of blocking the rest.
 *
 * <p>A listener that answers with a future (Spring Modulith's Kafka externalizer, whose future is the broker's
 * acknowledgement) completes its publication only when that future does, within {@code result-timeout}; a failed or
 * late answer is a failed attempt. After one, that listener is paused for {@code retry.initial-backoff} and then
 * tried with one publication at a time until one succeeds, so that a broker outage holds at most one listener
 * thread instead of all of them, and its publications simply wait in the table.
 *
 * <p>While tracing is on, each attempt is a span named after the listener's module and the message, continuing the
 * trace stored with the publication.
 */
class PublicationDispatcher implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(PublicationDispatcher.class);
	private static final String WAKE_AFTER_COMMIT = PublicationDispatcher.class.getName() + ".wake";
	private static final Duration BACKLOG_RECOUNT = Duration.ofMillis(50);

	private final RegistryTables tables;
	private final ModuleListeners listeners;
	private final EventSerializer serializer;
	private final PlatformTransactionManager transactionManager;
	private final DeliveryOutcomes outcomes;
	private final ThreadPoolTaskExecutor pool;
	private final Clock clock;
	private final EventsSettings settings;
	private final boolean polling;
	private final Semaphore permits;
	private final int threads;
	private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
	private final ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
	private final @Nullable MessageTracing tracing;

	private volatile boolean running;
	private volatile boolean moreWaiting;
	private volatile boolean retriesRequested;
	private volatile long waiting;
	private final AtomicLong counts = new AtomicLong();
	private volatile Instant countedAt = Instant.MIN;
	private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
	private final Set<String> probing = ConcurrentHashMap.newKeySet();
	private @Nullable Thread loop;

	PublicationDispatcher(RegistryTables tables, ModuleListeners listeners, EventSerializer serializer,
			PlatformTransactionManager transactionManager, DeliveryOutcomes outcomes, ThreadPoolTaskExecutor pool,
			Clock clock, EventsSettings settings, boolean polling, @Nullable MessageTracing tracing) {

		this.tables = tables;
		this.listeners = listeners;
		this.serializer = serializer;
		this.transactionManager = transactionManager;
		this.outcomes = outcomes;
		this.pool = pool;
		this.clock = clock;
		this.settings = settings;
		this.polling = polling;
		this.tracing = tracing;
		this.threads = pool.getMaxPoolSize();
		// one batch running, one batch claimed and waiting for a thread
		this.permits = new Semaphore(threads * 2);
	}

	/** Whether publications for this listener are delivered here rather than by Spring's after-commit hand-off. */
	boolean delivers(String listenerId) {
		return listeners.contains(listenerId);
	}

	/** Wakes the dispatcher once the current transaction commits, or now when there is none. */
	void wakeAfterCommit() {

		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			wake();
			return;
		}

		if (!TransactionSynchronizationManager.hasResource(WAKE_AFTER_COMMIT)) {
			TransactionSynchronizationManager.bindResource(WAKE_AFTER_COMMIT, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_AFTER_COMMIT);
					if (status == STATUS_COMMITTED) {
						wake();
					}
				}
			});
		}
	}

	void wake() {
		wakeUps.offer(Boolean.TRUE);
	}

	/** Wakes the dispatcher to look for due retries too, supervised or not (an operator resubmitted something). */
	void wakeForRetries() {
		retriesRequested = true;
		wake();
	}

	/** Publications waiting for their first delivery, as last counted (while there are any, every 50 ms). */
	long waiting() {
		return waiting;
	}

	/** How many times {@link #waiting()} was taken: a new count includes whatever was admitted before it. */
	long counted() {
		return counts.get();
	}

	@Override
	public void start() {

		running = true;
		loop = new Thread(this::loop, "publication-dispatcher");
		loop.setDaemon(true);
		loop.start();
		wake();
	}

	@Override
	public void stop() {

		running = false;
		wake();

		try {
			if (loop != null) {
				loop.join(Duration.ofSeconds(10).toMillis());
			}
			// deliveries under way finish; claimed ones not yet started give their claim back
			if (permits.tryAcquire(threads * 2, 30, TimeUnit.SECONDS)) {
				permits.release(threads * 2);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Early, so that it is stopped only after the web server has finished its requests. */
	@Override
	public int getPhase() {
		return 0;
	}

	private void loop() {

		var nextPoll = Instant.MIN;

		while (running) {
			try {
				wakeUps.poll(settings.dispatch().pollInterval().toMillis(), TimeUnit.MILLISECONDS);

				var now = clock.instant();
				var poll = polling && !now.isBefore(nextPoll) || retriesRequested;
				retriesRequested = false;
				if (poll) {
					nextPoll = now.plus(settings.dispatch().pollInterval());
				}

				dispatch(poll);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			} catch (RuntimeException e) {
				LOG.warn("Could not claim publications; trying again", e);
				sleepAfterError();
			}
		}
	}

	/** Claims as long as there are free listener threads and publications to claim. */
	private void dispatch(boolean poll) {

		var retry = settings.retry();
		var backoff = poll ? new Backoff(retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(),
				retry.maxAttempts()) : null;

		while (running) {

			var free = permits.availablePermits();

			// a full batch is still waiting for threads: the next completion wakes us
			if (free < threads && pool.getActiveCount() >= threads || free == 0) {
				count(true);
				return;
			}

			var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
			var claimed = new ArrayList<>(tables.claim(claimable(now), free, now, backoff));
			moreWaiting = claimed.size() == free;
			if (claimed.size() < free) {
				claimed.addAll(probe(now, backoff));
			}
			count(moreWaiting);

			for (var publication : claimed) {
				permits.acquireUninterruptibly();
				pool.execute(() -> {
					try {
						deliver(publication);
					} finally {
						permits.release();
						if (moreWaiting) {
							wake();
						}
					}
				});
			}

			if (!moreWaiting) {
				return;
			}
		}
	}

	private void deliver(Claimed claimed) {

		var listener = listeners.get(claimed.listenerId());

		if (!running || listener == null) {
			tables.release(claimed);
			return;
		}

		if (tracing == null) {
			attempt(listener, claimed);
		} else {
			tracing.deliver(listener.module(), ClassUtils.getShortName(claimed.eventType()), claimed.traceContext(),
					() -> attempt(listener, claimed));
		}
	}

	/** One delivery attempt: the listener and the publication's completion in one transaction, or its failure. */
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
			resume(listener);
		} catch (ClaimLost lost) {
			// another attempt holds it now (this one ran past stale-after): its work counts, ours is rolled back
			outcomes.superseded(listener, event, lost);
			resume(listener);
		} catch (RuntimeException failure) {
			if (tracing != null) {
				tracing.failed(failure);
			}
			new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				tables.fail(claimed);
				outcomes.failed(listener, event, failure);
			});
			pause(listener);
		}
	}

	/** Listeners to claim for now: all but paused awaited ones. */
	private Collection<String> claimable(Instant now) {

		if (pausedUntil.isEmpty()) {
			return listeners.ids();
		}

		var ids = new HashSet<>(listeners.ids());
		ids.removeAll(pausedUntil.keySet());

		return ids;
	}

	/** One publication of a paused listener whose pause is over, unless one is already being tried. */
	private List<Claimed> probe(Instant now, @Nullable Backoff backoff) {

		for (var paused : pausedUntil.entrySet()) {
			if (!paused.getValue().isAfter(now) && probing.add(paused.getKey())) {
				var claimed = tables.claim(List.of(paused.getKey()), 1, now, backoff);
				if (claimed.isEmpty()) {
					probing.remove(paused.getKey());
				}
				return claimed;
			}
		}

		return List.of();
	}

	private void pause(Listener listener) {

		if (listener.awaited()) {
			var until = clock.instant().plus(settings.retry().initialBackoff());
			if (pausedUntil.put(listener.id(), until) == null) {
				LOG.warn("{} failed; its publications wait, and it is tried again with one of them from {}",
						listener.shortName(), until);
			}
			probing.remove(listener.id());
		}
	}

	private void resume(Listener listener) {

		if (listener.awaited() && pausedUntil.remove(listener.id()) != null) {
			LOG.info("{} succeeded again; its waiting publications follow", listener.shortName());
			probing.remove(listener.id());
			wake();
		}
	}

	/** Waits for a listener's asynchronous answer, within {@code result-timeout}; anything else fails the attempt. */
	private void await(@Nullable Object result) {

		if (result == null) {
			return;
		}

		var future = result instanceof CompletionStage<?> stage ? stage.toCompletableFuture() : (Future<?>) result;
		var timeout = settings.dispatch().resultTimeout();

		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		} catch (ExecutionException failed) {
			throw new AnswerFailed("The listener's answer failed: " + failed.getCause(), failed.getCause());
		} catch (TimeoutException late) {
			future.cancel(false);
			throw new AnswerFailed("The listener did not answer within " + timeout, late);
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

	private void count(boolean more) {

		if (!more) {
			waiting = 0;
			counts.incrementAndGet();
			return;
		}

		var now = clock.instant();
		if (countedAt.plus(BACKLOG_RECOUNT).isBefore(now)) {
			waiting = tables.waiting(listeners.awaitedIds());
			countedAt = now;
			counts.incrementAndGet();
		}
	}

	private void sleepAfterError() {
		try {
			Thread.sleep(1000);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
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
