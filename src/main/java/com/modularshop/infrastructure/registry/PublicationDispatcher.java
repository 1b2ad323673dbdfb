package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;


/**
 * Delivers publications to module listeners from the registry table, which is the only queue: it claims the oldest
 * waiting publications ({@code FOR UPDATE SKIP LOCKED}, so instances share the work and never take the same row)
 * exactly as fast as the listener threads free up, hands each to {@link PublicationDelivery}, and keeps nothing in
 * memory beyond what it has claimed (at most twice the listener threads).
 *
 * <p>A commit that stored publications wakes it at once; with supervision on it also looks every
 * {@code poll-interval} for due retries and for publications another process left behind.
 */
class PublicationDispatcher implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(PublicationDispatcher.class);

	private final RegistryTables tables;
	private final ModuleListeners listeners;
	private final ThreadPoolTaskExecutor pool;
	private final Clock clock;
	private final EventsSettings settings;
	private final boolean polling;
	private final Semaphore permits;
	private final int threads;
	private final WakeUps wakeUps;
	private final ListenerPauses pauses;
	private final PublicationDelivery delivery;
	private final Backlog backlog;
	private final RegistryVacuum vacuum;

	private volatile boolean running;
	private volatile boolean moreWaiting;
	private volatile boolean retriesRequested;
	private @Nullable Thread loop;

	PublicationDispatcher(RegistryTables tables, ModuleListeners listeners, PublicationDelivery delivery,
			ListenerPauses pauses, WakeUps wakeUps, RegistryVacuum vacuum, ThreadPoolTaskExecutor pool, Clock clock,
			EventsSettings settings, boolean polling) {

		this.tables = tables;
		this.listeners = listeners;
		this.delivery = delivery;
		this.pauses = pauses;
		this.wakeUps = wakeUps;
		this.backlog = new Backlog(tables, listeners, clock, settings.dispatch());
		this.vacuum = vacuum;
		this.pool = pool;
		this.clock = clock;
		this.settings = settings;
		this.polling = polling;
		this.threads = pool.getMaxPoolSize();
		// one batch running, one batch claimed and waiting for a thread
		this.permits = new Semaphore(threads * 2);
	}

	/** Wakes the dispatcher once the current transaction commits, or now when there is none. */
	void wakeAfterCommit() {
		wakeUps.ringAfterCommit();
	}

	void wake() {
		wakeUps.ring();
	}

	/** Wakes the dispatcher to look for due retries too, supervised or not (an operator resubmitted something). */
	void wakeForRetries() {
		retriesRequested = true;
		wake();
	}

	Backlog backlog() {
		return backlog;
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
				wakeUps.await(settings.dispatch().pollInterval());

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
				LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
			}
		}
	}

	/** Claims as long as there are free listener threads and publications to claim. */
	private void dispatch(boolean poll) {

		var backoff = poll ? settings.retry().backoff() : null;

		while (running) {

			var free = permits.availablePermits();

			// a full batch is still waiting for threads: the next completion wakes us
			if (free < threads && pool.getActiveCount() >= threads || free == 0) {
				backlog.count();
				return;
			}

			var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
			var claimed = new ArrayList<>(tables.claim(pauses.claimable(listeners.ids()), free, now, backoff));
			moreWaiting = claimed.size() == free;
			if (claimed.size() < free) {
				claimed.addAll(pauses.probe(now, backoff));
			}
			backlog.claimed(claimed.size());
			backlog.count();
			vacuum.claimed(claimed.size());

			for (var publication : claimed) {
				permits.acquireUninterruptibly();
				pool.execute(() -> {
					try {
						if (running) {
							delivery.deliver(publication);
						} else {
							tables.release(publication);
						}
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
}
