package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The bounded pool that {@code @ApplicationModuleListener}s run on. A burst never grows an unbounded in-memory queue:
 * an invocation that does not fit is dropped here, its publication stays incomplete in the registry table, and the
 * {@link PublicationSupervisor} delivers it again once it is stale.
 */
final class ListenerExecutor {

	private static final Logger LOG = LoggerFactory.getLogger(ListenerExecutor.class);

	private ListenerExecutor() {}

	static ThreadPoolTaskExecutor create(EventsSettings.Executor settings, MeterRegistry meters) {

		var rejected = meters.counter("shop.events.listener.rejected");
		var sinceLastLog = new AtomicLong();

		var executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("module-listener-");
		executor.setCorePoolSize(settings.threads());
		executor.setMaxPoolSize(settings.threads());
		executor.setQueueCapacity(settings.queueCapacity());
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(30);
		executor.setRejectedExecutionHandler((task, pool) -> {
			rejected.increment();
			// one line per thousand, not one per dropped invocation
			if (sinceLastLog.getAndIncrement() % 1000 == 0) {
				LOG.warn("Listener pool full ({} queued); leaving publications to the registry for later delivery",
						pool.getQueue().size());
			}
		});
		executor.initialize();

		return executor;
	}

}
