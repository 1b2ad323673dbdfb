package com.modularshop.testsupport;

import java.util.List;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.modulith.core.ApplicationModules;

import com.modularshop.ModularShopApplication;
import com.modularshop.infrastructure.modules.Deployment;

/**
 * An application module and the schema its own migrations ({@code db/migration/<module>/}) create. Tests that check
 * something per module derive the list from Spring Modulith's module model, so a module added later is covered
 * without editing them.
 */
public record ModuleSchema(String module, String schema) {

	public static List<ModuleSchema> all() {

		var deployment = Deployment.from(new StandardEnvironment());

		return ApplicationModules.of(ModularShopApplication.class).stream()
				.map(it -> it.getIdentifier().toString())
				.map(module -> new ModuleSchema(module, deployment.schemaOf(module).orElseThrow(() ->
						new IllegalStateException("No migration of module %s creates its schema".formatted(module)))))
				.toList();
	}

	/** The Flyway history table of the module's migrations, as Spring Modulith's per-module Flyway names it. */
	public String flywayHistory() {
		return "flyway_schema_history_" + module;
	}

	@Override
	public String toString() {
		return module + " → " + schema;
	}
}
