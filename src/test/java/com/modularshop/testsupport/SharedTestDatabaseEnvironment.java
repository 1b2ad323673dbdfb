package com.modularshop.testsupport;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every Spring test context at the {@link SharedTestDatabase}, so no test can forget it and none starts the
 * application's own embedded database. A test that sets {@code spring.datasource.url} itself is left alone.
 */
public class SharedTestDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {

		if (environment.containsProperty("spring.datasource.url")) {
			return;
		}

		var database = SharedTestDatabase.connection();

		environment.getPropertySources().addLast(new MapPropertySource("sharedTestDatabase", Map.of(
				"spring.datasource.url", database.url(),
				"spring.datasource.username", database.username(),
				"spring.datasource.password", database.password())));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE; // after application.yml and test properties are loaded
	}
}
