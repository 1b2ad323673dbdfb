package com.modularshop.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every Spring test context at the {@link SharedTestDatabase}, so no test can forget it and none starts the
 * application's own embedded database (a test that sets {@code spring.datasource.url} itself is left alone), and
 * keeps the generated token signing keys out of the working directory.
 */
public class SharedTestDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {

		// Ahead of application.yml: the development key pair goes to a throw-away directory, not the working
		// directory's data/.
		environment.getPropertySources().addFirst(new MapPropertySource("testKeyDirectory",
				Map.of("shop.security.jwt.key-directory", SharedTestDatabase.keyDirectory().toString())));

		var properties = new HashMap<String, Object>();
		// Test contexts share one database and stay cached side by side: only tests of the supervisor itself
		// switch it on, so no context redelivers another's publications behind its back.
		properties.put("shop.events.supervision.enabled", "false");
		// Every test registers from 127.0.0.1; the tests of the limit itself set one.
		if (!environment.containsProperty("shop.user.registration.max-per-address")) {
			properties.put("shop.user.registration.max-per-address", "1000000");
		}

		if (!environment.containsProperty("spring.datasource.url")) {
			var database = SharedTestDatabase.connection();
			properties.put("spring.datasource.url", database.url());
			properties.put("spring.datasource.username", database.username());
			properties.put("spring.datasource.password", database.password());
		}

		environment.getPropertySources().addLast(new MapPropertySource("sharedTestDatabase", properties));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE; // after application.yml and test properties are loaded
	}
}
