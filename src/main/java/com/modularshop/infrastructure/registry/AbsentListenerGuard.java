package com.modularshop.infrastructure.registry;

import java.util.LinkedHashMap;
import java.util.stream.Collectors;

import org.springframework.beans.factory.SmartInitializingSingleton;

import com.modularshop.infrastructure.modules.Deployment;

/**
 * Refuses to start when the registry holds incomplete publications for listeners that no longer run in this process:
 * the listeners of a module switched to {@code remote}, or the Kafka externalizer when externalization was switched
 * off. Nobody here could ever deliver them, and the process that now runs those listeners has its own registry, so
 * they would be lost. The message names the count; starting once more as before lets them drain.
 */
class AbsentListenerGuard implements SmartInitializingSingleton {

	static final String EXTERNALIZER = "org.springframework.modulith.events.support.DelegatingEventExternalizer.";

	private final RegistryTables tables;
	private final Deployment deployment;
	private final boolean externalizing;

	AbsentListenerGuard(RegistryTables tables, Deployment deployment, boolean externalizing) {
		this.tables = tables;
		this.deployment = deployment;
		this.externalizing = externalizing;
	}

	@Override
	public void afterSingletonsInstantiated() {

		var stranded = new LinkedHashMap<String, Long>();

		for (var module : deployment.remote()) {
			var count = tables.incomplete(deployment.packageOf(module) + ".");
			if (count > 0) {
				stranded.put("module " + module + " (shop.modules." + module + ".mode=remote)", count);
			}
		}

		if (!externalizing) {
			var count = tables.incomplete(EXTERNALIZER);
			if (count > 0) {
				stranded.put("the Kafka externalizer (spring.modulith.events.externalization.enabled=false)", count);
			}
		}

		if (!stranded.isEmpty()) {
			throw new IllegalStateException("Refusing to start: the event publication registry holds incomplete "
					+ "publications for listeners that would not run in this process: " + stranded.entrySet().stream()
							.map(it -> it.getValue() + " for " + it.getKey()).collect(Collectors.joining(", "))
					+ ". They would never be delivered. Start once more with the previous setting until they are "
					+ "delivered (GET /api/admin/event-publications lists them; abandon on purpose with "
					+ "POST /api/admin/event-publications/{id}/abandon), then switch.");
		}
	}
}
