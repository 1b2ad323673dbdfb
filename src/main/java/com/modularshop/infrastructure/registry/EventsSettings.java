package com.modularshop.infrastructure.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the event publication registry is supervised.
 *
 * @param retry when failed and stuck publications are delivered again
 * @param retention how long completed (archived) publications are kept
 * @param purgeInterval how often archived publications past retention are deleted
 * @param purgeBatchSize how many archived publications one purge statement deletes
 * @param executor the bounded pool module listeners run on
 * @param healthMaxAge an incomplete publication older than this turns the health indicator DOWN
 */
@ConfigurationProperties("shop.events")
public record EventsSettings(@DefaultValue Retry retry, @DefaultValue("7d") Duration retention,
		@DefaultValue("1h") Duration purgeInterval, @DefaultValue("1000") int purgeBatchSize,
		@DefaultValue Executor executor, @DefaultValue("15m") Duration healthMaxAge) {

	/**
	 * @param interval how often the supervisor looks for publications to deliver again
	 * @param staleAfter a publication not completed this long after its last delivery attempt is considered lost
	 *          (process crashed, listener pool full) and delivered again
	 * @param initialBackoff wait before the first retry of a failed publication
	 * @param multiplier growth of the wait per attempt
	 * @param maxBackoff upper bound of the wait
	 * @param maxAttempts deliveries after which a failing publication becomes a dead letter
	 * @param batchSize publications resubmitted per run at most
	 */
	public record Retry(@DefaultValue("10s") Duration interval, @DefaultValue("1m") Duration staleAfter,
			@DefaultValue("5s") Duration initialBackoff, @DefaultValue("2.0") double multiplier,
			@DefaultValue("10m") Duration maxBackoff, @DefaultValue("8") int maxAttempts,
			@DefaultValue("200") int batchSize) {}

	/**
	 * @param threads listener threads
	 * @param queueCapacity invocations waiting for a thread; beyond that they are left to the registry and the
	 *          supervisor
	 */
	public record Executor(@DefaultValue("8") int threads, @DefaultValue("1000") int queueCapacity) {}
}
