package com.modularshop.infrastructure.registry;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The bounded pool that module listeners run on. The {@link PublicationDispatcher} never hands it more than it can
 * hold; anything else that uses Spring's {@code @Async} executor (a listener method called through its proxy) runs in
 * the caller when the pool is full, which slows the caller down instead of growing a queue or dropping the call.
 */
final class ListenerExecutor {

	private ListenerExecutor() {}

	static ThreadPoolTaskExecutor create(EventsSettings.Executor settings) {

		var executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("module-listener-");
		executor.setCorePoolSize(settings.threads());
		executor.setMaxPoolSize(settings.threads());
		executor.setQueueCapacity(settings.threads() * 2);
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(30);
		executor.initialize();

		return executor;
	}
}
