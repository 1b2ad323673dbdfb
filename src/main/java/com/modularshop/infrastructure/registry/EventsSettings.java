package com.modularshop.infrastructure.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the event publication registry delivers and is supervised.
 *
 * @param retry when failed and lost deliveries are attempted again
 * @param dispatch how publications reach the listeners and how ingest is held back
 * @param retention how long completed (archived) publications are kept
 * @param purgeInterval how often archived publications past retention are deleted
 * @param purgeBatchSize how many archived publications one purge statement deletes
 * @param executor the bounded pool module listeners run on
 * @param healthMaxAge an incomplete publication older than this turns the health indicator DOWN
 */
@ConfigurationProperties("shop.events")
public record EventsSettings(@DefaultValue Retry retry, @DefaultValue Dispatch dispatch,
		@DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration purgeInterval,
		@DefaultValue("1000") int purgeBatchSize, @DefaultValue Executor executor,
		@DefaultValue("15m") Duration healthMaxAge) {

	/**
	 * @param interval how often the supervisor looks for lost deliveries and exhausted publications
	 * @param staleAfter a delivery attempt still unfinished this long after it started is considered lost (the
	 *          process died) and the publication is delivered again
	 * @param initialBackoff wait before the first retry of a failed publication
	 * @param multiplier growth of the wait per attempt
	 * @param maxBackoff upper bound of the wait
	 * @param maxAttempts deliveries after which a failing publication becomes a dead letter
	 */
	public record Retry(@DefaultValue("10s") Duration interval, @DefaultValue("1m") Duration staleAfter,
			@DefaultValue("5s") Duration initialBackoff, @DefaultValue("2.0") double multiplier,
			@DefaultValue("10m") Duration maxBackoff, @DefaultValue("8") int maxAttempts) {

		RegistryTables.Backoff backoff() {
			return new RegistryTables.Backoff(initialBackoff, multiplier, maxBackoff, maxAttempts);
		}
	}

	/**
	 * @param pollInterval with supervision on, how often the dispatcher looks for due retries and for publications
	 *          another process stored; a commit in this process wakes it at once anyway
	 * @param maxWaiting publications waiting for their first delivery beyond which write requests are held back, so
	 *          that the backlog, and with it the delivery latency, stays bounded
	 * @param maxQueueTime how long the waiting publications may take to work off, at the rate this process's listeners
	 *          have recently been claiming them: the backlog is held to that many (at least 100, or {@code max-waiting}
	 *          if lower; so 100 when idle or under light load), so that under overload on a slow machine an accepted
	 *          order is not delayed for seconds; 0 keeps the bound at {@code max-waiting}
	 * @param maxWait how long a held-back write request waits for the backlog to shrink before it is refused with 503
	 *          and {@code Retry-After}
	 * @param maxHeld write requests held back at a time; more are refused at once, so that held requests cannot
	 *          occupy every request thread
	 * @param maxInFlight write requests processed at a time, once admitted; more are held like those that meet a full
	 *          backlog. Under overload, a few requests at a time leave the CPU and the connection pool to the listeners
	 *          that the backlog waits for
	 * @param vacuumAfter claimed publications after which the dispatcher vacuums the registry's table (its claims slow
	 *          down with every dead row version left in it); 0 leaves the table to autovacuum
	 * @param resultTimeout how long a listener that answers with a future (the Kafka externalizer, until the broker
	 *          acknowledges) may take before the attempt counts as failed; longer than the producer's
	 *          {@code max.block.ms} plus {@code delivery.timeout.ms}
	 */
	public record Dispatch(@DefaultValue("1s") Duration pollInterval, @DefaultValue("300") long maxWaiting,
			@DefaultValue("150ms") Duration maxQueueTime, @DefaultValue("1s") Duration maxWait,
			@DefaultValue("64") int maxHeld, @DefaultValue("8") int maxInFlight, @DefaultValue("1000") long vacuumAfter,
			@DefaultValue("15s") Duration resultTimeout) {}

	/**
	 * @param threads listener threads; the dispatcher claims at most twice as many publications at a time
	 */
	public record Executor(@DefaultValue("6") int threads) {}
}
