package com.modularshop.infrastructure.registry;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.event.TransactionalApplicationListenerMethodAdapter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Every {@code @ApplicationModuleListener} of this process, by the listener id the registry stores: the methods the
 * {@link PublicationDispatcher} delivers to. Collected as the beans are created, so the dispatcher only ever claims
 * publications whose listener runs here; publications for listeners of another process stay untouched.
 */
class ModuleListeners implements BeanPostProcessor {

	/**
	 * A listener method and the bean it belongs to, without the proxy: the dispatcher provides the semantics.
	 * {@code awaited} listeners answer with a future (Spring Modulith's externalizer: the broker's acknowledgement),
	 * and their publication is complete only once that future is. {@code module} names where it runs, for traces: the
	 * application module (the package annotated {@code @ApplicationModule}), {@code kafka} for the externalizer.
	 */
	record Listener(String id, Object target, Method method, boolean readOnly, Propagation propagation,
			String shortName, boolean awaited, String module) {}

	private static final String MODULITH_EVENTS = "org.springframework.modulith.events.";

	private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {

		var type = AopUtils.getTargetClass(bean);

		// Spring's own beans declare no module listeners, except Spring Modulith's event externalizer
		if (!type.getName().startsWith("org.springframework.") || type.getName().startsWith(MODULITH_EVENTS)) {
			ReflectionUtils.doWithMethods(type, method -> register(bean, method),
					method -> AnnotatedElementUtils.hasAnnotation(method, ApplicationModuleListener.class));
		}

		return bean;
	}

	Listener get(String id) {
		return listeners.get(id);
	}

	Set<String> ids() {
		return listeners.keySet();
	}

	boolean contains(String id) {
		return listeners.containsKey(id);
	}

	/**
	 * Ids of the listeners that this process's listener threads carry out: what ingest waits for. Not the awaited ones
	 * (the broker does their work), nor listeners that do not run here.
	 */
	Set<String> threadBoundIds() {
		return listeners.values().stream().filter(it -> !it.awaited()).map(Listener::id).collect(Collectors.toSet());
	}

	private void register(Object bean, Method method) {

		var annotation = AnnotatedElementUtils.findMergedAnnotation(method, ApplicationModuleListener.class);
		ReflectionUtils.makeAccessible(method);
		var target = ultimateTarget(bean);
		// the id Spring gives the listener, which is what the registry stores with each publication
		var id = new TransactionalApplicationListenerMethodAdapter("registry", target.getClass(), method).getListenerId();

		listeners.put(id, new Listener(id, target, method, annotation.readOnlyTransaction(), annotation.propagation(),
				method.getDeclaringClass().getSimpleName() + "." + method.getName(),
				Future.class.isAssignableFrom(method.getReturnType())
						|| CompletionStage.class.isAssignableFrom(method.getReturnType()),
				moduleOf(method.getDeclaringClass())));
	}

	/** The nearest enclosing application module's name; outside every module, what the listener is. */
	private static String moduleOf(Class<?> type) {

		if (type.getName().startsWith(MODULITH_EVENTS)) {
			return "kafka";
		}

		for (var name = type.getPackageName(); !name.isEmpty(); name = ClassUtils.getPackageName(name)) {
			try {
				if (ClassUtils.forName(name + ".package-info", type.getClassLoader())
						.isAnnotationPresent(ApplicationModule.class)) {
					return name.substring(name.lastIndexOf('.') + 1);
				}
			} catch (ClassNotFoundException | LinkageError noPackageInfo) {
				// not this package; look further up
			}
		}

		return type.getSimpleName();
	}

	private static Object ultimateTarget(Object bean) {

		var current = bean;

		while (AopUtils.isAopProxy(current)) {
			var target = AopProxyUtils.getSingletonTarget(current);
			if (target == null) {
				break;
			}
			current = target;
		}

		return current;
	}
}
