package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.modulith.events.support.PersistentApplicationEventMulticaster;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalApplicationListener;
import org.springframework.util.function.SingletonSupplier;

import com.modularshop.infrastructure.tracing.MessageTracing;

/**
 * Spring Modulith's multicaster, except for module listeners: their publications are stored in the business
 * transaction as usual, but instead of an in-memory hand-off after commit (which could only queue without bound or drop)
 * the commit wakes the {@link PublicationDispatcher}, which delivers from the table. Other listeners, transactional or
 * not, are served exactly as Spring Modulith does.
 *
 * <p>Publications are created through the repository rather than the registry, so that Spring Modulith's in-memory
 * bookkeeping of publications in progress never holds an entry that only the dispatcher will complete. While tracing is
 * on, each publication also keeps the trace context of the code that published it, which the dispatcher continues.
 */
class DispatchingEventMulticaster extends PersistentApplicationEventMulticaster {

	private final Supplier<PublicationDispatcher> dispatcher;
	private final Supplier<ModuleListeners> moduleListeners;
	private final Supplier<EventPublicationRepository> repository;
	private final Supplier<EventPublicationRegistry> registry;
	private final Supplier<Clock> clock;
	private final Supplier<RegistryTables> tables;
	private final Supplier<Optional<MessageTracing>> tracing;

	DispatchingEventMulticaster(Supplier<EventPublicationRegistry> registry, Supplier<Environment> environment,
			Supplier<PublicationDispatcher> dispatcher, Supplier<ModuleListeners> listeners,
			Supplier<EventPublicationRepository> repository, Supplier<Clock> clock, Supplier<RegistryTables> tables, Supplier<Optional<MessageTracing>> tracing) {

		super(registry, environment);
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.moduleListeners = listeners;
		this.repository = repository;
		this.clock = clock;
		this.tables = tables;
		this.tracing = tracing;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void multicastEvent(ApplicationEvent event, @Nullable ResolvableType eventType) {

		var listeners = getApplicationListeners(event, eventType == null ? ResolvableType.forInstance(event) : eventType);

		if (listeners.isEmpty()) {
			return;
		}

		var payload = event instanceof PayloadApplicationEvent<?> wrapped ? wrapped.getPayload() : event;
		var dispatched = new ArrayList<String>();
		var handedOff = new ArrayList<PublicationTargetIdentifier>();
		var others = new ArrayList<ApplicationListener>();

		for (var listener : listeners) {
			if (listener instanceof TransactionalApplicationListener<?> transactional
					&& transactional.getTransactionPhase() == TransactionPhase.AFTER_COMMIT) {
				if (moduleListeners.get().contains(transactional.getListenerId())) {
					dispatched.add(transactional.getListenerId());
					continue;
				}
				handedOff.add(PublicationTargetIdentifier.of(transactional.getListenerId()));
			}
			others.add(listener);
		}

		if (!dispatched.isEmpty()) {
			store(payload, dispatched);
			dispatcher.get().wakeAfterCommit();
		}

		// Spring Modulith completes these itself, by id; by serialized event (no longer indexed, V6) only as a fallback
		if (!handedOff.isEmpty()) {
			registry.get().store(payload, handedOff.stream());
		}

		for (ApplicationListener listener : others) {
			listener.onApplicationEvent(event);
		}
	}

	/** Stores one publication per listener; while tracing is on, with the trace context of the code publishing. */
	private void store(Object payload, List<String> listenerIds) {

		var now = clock.get().instant();
		var traceContext = tracing.get().map(MessageTracing::currentContext).orElse(null);

		if (traceContext == null) {
			listenerIds.forEach(id -> repository.get()
					.create(TargetEventPublication.of(payload, PublicationTargetIdentifier.of(id), now)));
			return;
		}

		var stored = listenerIds.stream().map(id -> repository.get()
				.create(TargetEventPublication.of(payload, PublicationTargetIdentifier.of(id), now)).getIdentifier())
				.toList();
		tables.get().storeTraceContext(stored, traceContext);
	}

	/** Puts this multicaster in place of Spring Modulith's, keeping its bean name and role. */
	static class Installer implements BeanPostProcessor, BeanFactoryAware {

		private @Nullable BeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {

			if (!(bean instanceof PersistentApplicationEventMulticaster) || bean instanceof DispatchingEventMulticaster) {
				return bean;
			}

			var factory = beanFactory;
			// resolved on first use and then kept: the multicaster exists before most beans do
			var multicaster = new DispatchingEventMulticaster(
					SingletonSupplier.of(() -> factory.getBean(EventPublicationRegistry.class)),
					SingletonSupplier.of(() -> factory.getBean(Environment.class)),
					SingletonSupplier.of(() -> factory.getBean(PublicationDispatcher.class)),
					SingletonSupplier.of(() -> factory.getBean(ModuleListeners.class)),
					SingletonSupplier.of(() -> factory.getBean(EventPublicationRepository.class)),
					SingletonSupplier.of(() -> factory.getBean(Clock.class)),
					SingletonSupplier.of(() -> factory.getBean(RegistryTables.class)),
					// absent while tracing is off: looked up once, not per event
					SingletonSupplier.of(() -> Optional.ofNullable(
							factory.getBeanProvider(MessageTracing.class).getIfAvailable())));
			multicaster.setBeanFactory(factory);

			return multicaster;
		}
	}
}
