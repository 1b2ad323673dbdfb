package com.modularshop.infrastructure.modules;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.modulith.core.ApplicationModuleIdentifier;
import org.springframework.modulith.core.ApplicationModuleIdentifiers;

/**
 * Runs only the local modules: once every bean is defined (components, repositories, configuration properties, the
 * beans of a module's own configuration classes), the definitions that belong to a remote module are removed, so its
 * endpoints, listeners and scheduled jobs do not exist here; and only local modules' Flyway migrations run, because
 * Spring Modulith migrates the modules it is given as this process's identifiers.
 */
class LocalModules implements BeanDefinitionRegistryPostProcessor, BeanPostProcessor, EnvironmentAware, Ordered {

	private static final Logger LOG = LoggerFactory.getLogger(LocalModules.class);

	private @Nullable Deployment deployment;

	@Override
	public void setEnvironment(Environment environment) {

		var deployment = Deployment.from(environment);

		if (!deployment.allLocal() && !Deployment.externalizes(environment)) {
			throw new IllegalStateException("Modules %s are remote (shop.modules.<module>.mode), so their messages "
					.formatted(deployment.remote()) + "travel through Kafka: set " + Deployment.EXTERNALIZATION
					+ "=true and spring.kafka.bootstrap-servers");
		}

		this.deployment = deployment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {

		var deployment = this.deployment;
		if (deployment == null || deployment.allLocal()) {
			return;
		}

		LOG.info("Application modules {}", deployment);

		var removed = new HashSet<String>();
		var changed = true;

		// a bean made by a removed configuration class goes too, and so on
		while (changed) {
			changed = false;
			for (var name : registry.getBeanDefinitionNames()) {
				var definition = registry.getBeanDefinition(name);
				if (definedBy(definition, removed) || typesOf(definition).stream()
						.anyMatch(type -> deployment.moduleOf(type).filter(it -> !deployment.isLocal(it)).isPresent())) {
					registry.removeBeanDefinition(name);
					removed.add(name);
					changed = true;
				}
			}
		}

		LOG.debug("Removed the beans of remote modules: {}", new TreeSet<>(removed));
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {}

	/** The module identifiers Spring Modulith migrates (and initializes) become the local ones. */
	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {

		var deployment = this.deployment;

		if (bean instanceof ApplicationModuleIdentifiers identifiers && deployment != null && !deployment.allLocal()) {
			return ApplicationModuleIdentifiers.of(identifiers.stream()
					.filter(it -> deployment.isLocal(moduleName(it)))
					.toList());
		}

		return bean;
	}

	@Override
	public int getOrder() {
		// after the configuration classes (and with them component scanning and repositories) are processed
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Whether the bean is made by, or names in its constructor, a removed bean: e.g. Spring Data's fragments bean of a
	 * repository with a custom fragment, which lists the fragment implementations by name.
	 */
	private static boolean definedBy(BeanDefinition definition, Set<String> removed) {

		var factory = definition.getFactoryBeanName();
		var arguments = definition.getConstructorArgumentValues();

		return factory != null && removed.contains(factory) || Stream.concat(
				arguments.getIndexedArgumentValues().values().stream(), arguments.getGenericArgumentValues().stream())
				.map(ValueHolder::getValue).anyMatch(value -> value instanceof Collection<?> names
						? names.stream().anyMatch(it -> refersTo(it, removed) || removed.contains(it))
						: refersTo(value, removed));
	}

	private static boolean refersTo(@Nullable Object value, Set<String> removed) {
		return value instanceof RuntimeBeanReference reference && removed.contains(reference.getBeanName());
	}

	/** The bean's class, and for a repository factory the repository interface it makes. */
	private static Set<String> typesOf(BeanDefinition definition) {

		var types = new HashSet<String>();
		Optional.ofNullable(definition.getBeanClassName()).ifPresent(types::add);

		var objectType = definition.getAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE);
		if (objectType instanceof Class<?> type) {
			types.add(type.getName());
		} else if (objectType instanceof String type) {
			types.add(type);
		}

		// Spring Data's repository factory beans take the repository interface as their first argument
		var argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
		if (argument != null && argument.getValue() instanceof String type) {
			types.add(type);
		} else if (argument != null && argument.getValue() instanceof Class<?> type) {
			types.add(type.getName());
		}

		return types;
	}

	private static String moduleName(ApplicationModuleIdentifier identifier) {
		return identifier.toString();
	}
}
