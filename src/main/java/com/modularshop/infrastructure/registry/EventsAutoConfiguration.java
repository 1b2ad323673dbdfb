package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
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
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the event publication registry something to rely on and operate: a bounded listener pool, supervised
 * redelivery with backoff and dead letters, retention, metrics, health and an operations API.
 */
// before Boot's task execution, whose own AsyncConfigurer backs off when ours exists
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
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
	ListenerPool listenerPool(EventsSettings settings, MeterRegistry meters) {
		return new ListenerPool(ListenerExecutor.create(settings.executor(), meters));
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
	static Advisor listenerOutcomesAdvisor(ObjectProvider<MeterRegistry> meters,
			ObjectProvider<JdbcClient> jdbc,
			ObjectProvider<Clock> clock) {

		var advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(
				ApplicationModuleListener.class), new LazyListenerOutcomes(meters, jdbc, clock));
		// outside the listener's transaction, so a failed commit counts as a failure too
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);

		return advisor;
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
	PublicationSupervisor publicationSupervisor(JdbcClient jdbc, TransactionTemplate transactions,
			FailedEventPublications failed, EventsSettings settings, MeterRegistry meters,
			ListenerPool listeners, Clock clock,
			@Value("${shop.events.supervision.enabled:true}") boolean enabled) {
		return new PublicationSupervisor(jdbc, transactions, failed, settings, meters, listeners.executor(), clock,
				enabled);
	}

	@Bean
	ArchivePurger archivePurger(JdbcClient jdbc, EventsSettings settings, Clock clock,
			@Value("${shop.events.supervision.enabled:true}") boolean enabled) {
		return new ArchivePurger(jdbc, settings, clock, enabled);
	}

	@Bean
	EventPublicationsController eventPublicationsController(JdbcClient jdbc, PublicationSupervisor supervisor,
			Clock clock) {
		return new EventPublicationsController(jdbc, supervisor, clock);
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

	/** Resolves its collaborators on first use: advisors are created before most other beans exist. */
	static final class LazyListenerOutcomes implements MethodInterceptor {

		private final ObjectProvider<MeterRegistry> meters;
		private final ObjectProvider<JdbcClient> jdbc;
		private final ObjectProvider<Clock> clock;
		private volatile ListenerOutcomes delegate;

		LazyListenerOutcomes(ObjectProvider<MeterRegistry> meters,
				ObjectProvider<JdbcClient> jdbc,
				ObjectProvider<Clock> clock) {
			this.meters = meters;
			this.jdbc = jdbc;
			this.clock = clock;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {

			if (delegate == null) {
				delegate = new ListenerOutcomes(meters.getObject(), jdbc.getObject(), clock.getObject());
			}

			return delegate.invoke(invocation);
		}
	}
}
