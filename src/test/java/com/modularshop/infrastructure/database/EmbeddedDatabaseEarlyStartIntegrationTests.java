package com.modularshop.infrastructure.database;

import static org.assertj.core.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded PostgreSQL starts while the context refreshes, is the server the application connects to, and is
 * stopped when the application stops or fails to start.
 */
class EmbeddedDatabaseEarlyStartIntegrationTests {

	@TempDir Path workingDirectory;

	@Test
	void startsTheServerAlongsideTheContextAndHandsItToTheApplication() throws Exception {

		var directory = workingDirectory.resolve("postgres");

		try (var context = application(Database.class).run(arguments(directory))) {

			assertThat(context.containsBean(EmbeddedDatabaseEarlyStart.BEAN_NAME)).isTrue();

			var server = context.getBean(EmbeddedPostgresServer.class);
			try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port()
					+ "/postgres", EmbeddedPostgresServer.USER, server.password())) {
				assertThat(connection.isValid(5)).isTrue();
			}
		}

		assertThat(directory.resolve("postmaster.pid")).as("stopped with the application").doesNotExist();
	}

	@Test
	void stopsTheServerWhenTheApplicationFailsToStart() {

		var directory = workingDirectory.resolve("postgres");

		assertThatException().isThrownBy(() -> application(Broken.class).run(arguments(directory)))
				.withStackTraceContaining("broken on purpose");

		assertThat(Files.exists(directory.resolve("PG_VERSION"))).as("it was started").isTrue();
		assertThat(directory.resolve("postmaster.pid")).as("and stopped again").doesNotExist();
	}

	private static SpringApplicationBuilder application(Class<?> configuration) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE);
	}

	private static String[] arguments(Path directory) {
		// an empty URL keeps the test suite's shared database away, and means "embedded" to the application
		return new String[] { "--spring.datasource.url=", "--shop.embedded-database.data-directory=" + directory };
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EmbeddedDatabaseAutoConfiguration.class)
	static class Database {}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EmbeddedDatabaseAutoConfiguration.class)
	static class Broken {

		@Bean
		Object broken() {
			throw new IllegalStateException("broken on purpose");
		}
	}
}
