package com.modularshop.infrastructure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves the auto-configurations under some packages out while a switch in the environment is off. Filtered before
 * their classes are read, so that what is switched off costs start-up nothing.
 */
public abstract class SwitchedAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware {

	private final List<String> packagePrefixes;
	private @Nullable Environment environment;
	private @Nullable Boolean on;

	protected SwitchedAutoConfigurations(String... packagePrefixes) {
		this.packagePrefixes = List.of(packagePrefixes);
	}

	protected abstract boolean isOn(Environment environment);

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
		this.on = null;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {

		var matches = new boolean[autoConfigurationClasses.length];

		for (var i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = !isSwitched(autoConfigurationClasses[i]) || isOn();
		}

		return matches;
	}

	/**
	 * Read once: Spring Boot asks the filters again about every class that configuration parsing imports, one at a
	 * time, and a property lookup on each of those calls was about 1% of the main thread's start-up.
	 */
	private boolean isOn() {

		if (on == null) {
			on = environment == null || isOn(environment);
		}

		return on;
	}

	private boolean isSwitched(@Nullable String className) {
		return className != null && packagePrefixes.stream().anyMatch(className::startsWith);
	}
}
