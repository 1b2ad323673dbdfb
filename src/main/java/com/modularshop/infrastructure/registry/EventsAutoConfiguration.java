package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.modulith.events.support.CompletionMode;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import com.modularshop.infrastructure.modules.Deployment;
import com.modularshop.infrastructure.tracing.MessageTracing;

/**
 * Makes the event publication registry something to rely on and operate: module listeners are delivered from the
 * registry table by a dispatcher at the listeners' pace, ingest is held back while they are behind, lost deliveries
 * are redelivered with backoff and end as dead letters, and there are retention, metrics, health and an operations API.
 */
// before Boot's task execution, whose own AsyncConfigurer backs off when ours exists, and before Spring Modulith's
// Jackson serializer, which backs off for ours
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class,
		beforeName = "org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration")
@EnableConfigurationProperties(EventsSettings.class)
@Import(EventsAutoConfiguration.Supervision.class)
public class EventsAutoConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(EventsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Module listeners run here, not on Boot's default executor. Not exposed as an Executor bean. */
	@Bean(destroyMethod = "shutdown")
	ListenerPool listenerPool(EventsSettings settings) {
		return new ListenerPool(ListenerExecutor.create(settings.executor()));
	}

	@Bean
	AsyncConfigurer moduleListenerAsync(ListenerPool pool) {

		return new AsyncConfigurer() {

			@Override
			public Executor getAsyncExecutor() {
				return pool.executor();
			}

			@Override
			public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
				return (failure, method, parameters) -> LOG.warn("Listener {} failed; its publication stays failed "
						+ "and will be retried", method.getName(), failure);
			}
		};
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ModuleListeners moduleListeners() {
		return new ModuleListeners();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static DispatchingEventMulticaster.Installer dispatchingEventMulticasterInstaller() {
		return new DispatchingEventMulticaster.Installer();
	}

	@Bean
	EventSerializer eventJson(JsonMapper mapper) {
		return new EventJson(mapper);
	}

	@Bean
	RegistryTables registryTables(JdbcClient jdbc,
			@Value("${spring.modulith.events.completion-mode:update}") CompletionMode completionMode) {
		return new RegistryTables(jdbc, completionMode);
	}

	@Bean(destroyMethod = "close")
	RegistryVacuum registryVacuum(RegistryTables tables, EventsSettings settings) {
		return new RegistryVacuum(tables, settings.dispatch().vacuumAfter());
	}

	@Bean
	PublicationDispatcher publicationDispatcher(RegistryTables tables, ModuleListeners listeners,
			EventSerializer serializer, PlatformTransactionManager transactionManager, MeterRegistry meters,
			RegistryVacuum vacuum, ListenerPool pool, Clock clock, EventsSettings settings,
			@Value("${shop.events.supervision.enabled:true}") boolean supervised,
			ObjectProvider<MessageTracing> tracing) {
		var wakeUps = new WakeUps();
		var pauses = new ListenerPauses(tables, clock, settings.retry().initialBackoff(), wakeUps::ring);
		var delivery = new PublicationDelivery(tables, listeners, serializer, transactionManager,
				new DeliveryOutcomes(meters, tables, clock), pauses, clock, settings.dispatch().resultTimeout(),
				tracing.getIfAvailable());

		return new PublicationDispatcher(tables, listeners, delivery, pauses, wakeUps, vacuum, pool.executor(), clock,
				settings, supervised);
	}

	@Bean
	AbsentListenerGuard absentListenerGuard(RegistryTables tables, Deployment deployment,
			@Value("${spring.modulith.events.externalization.enabled:false}") boolean externalizing) {
		return new AbsentListenerGuard(tables, deployment, externalizing);
	}

	@Bean
	FilterRegistrationBean<IngestBackpressure> ingestBackpressure(PublicationDispatcher dispatcher,
			EventsSettings settings, MeterRegistry meters) {

		var registration = new FilterRegistrationBean<>(new IngestBackpressure(dispatcher, settings, meters));
		// before security and everything else: a refused request should cost as little as possible
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.addUrlPatterns("/api/*");

		return registration;
	}

	@Bean
	RegistryStatistics registryStatistics(JdbcClient jdbc, Clock clock) {
		return new RegistryStatistics(jdbc, clock);
	}

	@Bean
	RegistryHealthIndicator eventPublicationsHealthIndicator(RegistryStatistics statistics, EventsSettings settings) {
		return new RegistryHealthIndicator(statistics, settings);
	}

	@Bean
	PublicationSupervisor publicationSupervisor(JdbcClient jdbc, RegistryTables tables,
			TransactionTemplate transactions, PublicationDispatcher dispatcher, EventsSettings settings,
			MeterRegistry meters, Clock clock, @Value("${shop.events.supervision.enabled:true}") boolean enabled) {
		return new PublicationSupervisor(jdbc, tables, transactions, dispatcher, settings, meters, clock, enabled);
	}

	@Bean
	ArchivePurger archivePurger(JdbcClient jdbc, EventsSettings settings, Clock clock,
			@Value("${shop.events.supervision.enabled:true}") boolean enabled) {
		return new ArchivePurger(jdbc, settings, clock, enabled);
	}

	@Bean
	EventPublicationsController eventPublicationsController(JdbcClient jdbc, RegistryTables tables,
			TransactionTemplate transactions, PublicationDispatcher dispatcher, Clock clock) {
		return new EventPublicationsController(new PublicationQueries(jdbc, clock), tables, transactions, dispatcher,
				clock);
	}

	/** The supervisor and purger run on a schedule unless {@code shop.events.supervision.enabled=false}. */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnBooleanProperty(name = "shop.events.supervision.enabled", matchIfMissing = true)
	static class Supervision {}

	/** Holds the listener executor so it can be shared without being an Executor bean. */
	static final class ListenerPool {

		private final ThreadPoolTaskExecutor executor;

		ListenerPool(ThreadPoolTaskExecutor executor) {
			this.executor = executor;
		}

		ThreadPoolTaskExecutor executor() {
			return executor;
		}

		void shutdown() {
			executor.shutdown();
		}
	}
}
