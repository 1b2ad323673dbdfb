package com.modularshop.infrastructure.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the embedded PostgreSQL (initdb included, on a new data directory) on a thread of its own as soon as the
 * configuration is known, so that it overlaps with the refresh of the application context instead of running in
 * front of the connection pool. The {@code embeddedPostgres} bean waits for it; nothing reaches the database earlier.
 * If the context fails before taking it over, the server is stopped with the context's singletons.
 * Registered in {@code META-INF/spring.factories}; contexts that are not started by {@code SpringApplication} start
 * the server in the bean itself.
 */
public class EmbeddedDatabaseEarlyStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BEAN_NAME = "embeddedPostgresEarlyStart";

	@Override
	public void initialize(ConfigurableApplicationContext context) {

		var environment = context.getEnvironment();

		if (!EmbeddedDatabaseAutoConfiguration.isNeeded(environment)
				|| !(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)) {
			return;
		}

		var settings = EmbeddedDatabaseAutoConfiguration.settings(environment);
		var startup = new Startup();

		var thread = new Thread(() -> startup.run(settings), "embedded-postgres-start");
		thread.setDaemon(true);
		thread.start();

		registry.registerSingleton(BEAN_NAME, startup);
		registry.registerDisposableBean(BEAN_NAME, startup);
	}

	/** The server being started, until the {@code embeddedPostgres} bean takes it over. */
	static final class Startup implements DisposableBean {

		private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

		private final CompletableFuture<EmbeddedPostgresServer> server = new CompletableFuture<>();
		private boolean taken;

		private void run(EmbeddedDatabaseSettings settings) {
			try {
				server.complete(EmbeddedPostgresServer.start(settings.dataDirectory(), settings.port()));
			} catch (Throwable failure) {
				server.completeExceptionally(failure);
			}
		}

		/** Waits for the server; from then on its bean stops it. */
		synchronized EmbeddedPostgresServer take() throws IOException {

			try {
				var started = server.join();
				taken = true;
				return started;
			} catch (CompletionException e) {
				if (e.getCause() instanceof IOException io) {
					throw io;
				}
				if (e.getCause() instanceof UncheckedIOException io) {
					throw io.getCause();
				}
				throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
			}
		}

		@Override
		public synchronized void destroy() throws IOException {

			if (taken) {
				return;
			}

			try {
				LOG.info("Stopping the embedded PostgreSQL: the application did not start");
				server.join().close();
			} catch (CompletionException failedToStart) {
				// nothing to stop
			}
		}
	}
}
