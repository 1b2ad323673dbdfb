package com.modularshop.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One PostgreSQL per test JVM, shared by every Spring test context: a Testcontainers container where a Docker engine
 * answers, otherwise an embedded PostgreSQL 18 (zonky). {@code -Dshop.test.database=embedded|testcontainers} forces
 * one. Both are thrown away when the JVM exits, after the last Spring context has closed.
 */
public final class SharedTestDatabase {

	public record Connection(String url, String username, String password) {}

	private static final Logger LOG = LoggerFactory.getLogger(SharedTestDatabase.class);
	private static Connection connection;
	private static Path keyDirectory;

	private SharedTestDatabase() {}

	public static synchronized Connection connection() {

		if (connection == null) {
			connection = useTestcontainers() ? startContainer() : startEmbedded();
		}

		return connection;
	}

	/**
	 * A new, empty database on the shared server, for a test context that stands for a process of its own (a lifted
	 * service and its monolith each have their own registry and module schemas).
	 */
	public static Connection freshDatabase() {

		var shared = connection();
		var name = "shop_" + UUID.randomUUID().toString().replace("-", "");

		try (var connection = DriverManager.getConnection(shared.url(), shared.username(), shared.password());
				var statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		} catch (SQLException e) {
			throw new IllegalStateException("Could not create a test database", e);
		}

		return new Connection(shared.url().substring(0, shared.url().lastIndexOf('/') + 1) + name, shared.username(),
				shared.password());
	}

	/** Where the tests' development token signing key pair lives (read by tests that forge tokens). */
	public static synchronized Path keyDirectory() {

		if (keyDirectory == null) {
			try {
				keyDirectory = Files.createTempDirectory("modular-shop-test-keys");
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		return keyDirectory;
	}

	private static boolean useTestcontainers() {

		return switch (System.getProperty("shop.test.database", "auto")) {
			case "embedded" -> false;
			case "testcontainers" -> true;
			// Probing Docker costs seconds and logs errors where there is plainly no engine, so look for one first.
			default -> (System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock")))
					&& DockerClientFactory.instance().isDockerAvailable();
		};
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
	private static Connection startContainer() {

		var container = new PostgreSQLContainer("postgres:18-alpine");
		container.start();
		LOG.info("Tests use PostgreSQL from Testcontainers at {}", container.getJdbcUrl());

		return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
	}

	private static Connection startEmbedded() {

		try {
			// zonky's defaults (fsync off, a throw-away data directory) suit tests, but not its JVM shutdown hook: it
			// would stop the server while Spring still closes contexts that query the database on their way out.
			var postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
			SpringApplication.getShutdownHandlers().add(() -> {
				try {
					postgres.close();
				} catch (IOException e) {
					LOG.warn("Could not stop the embedded PostgreSQL for tests", e);
				}
			});
			var url = "jdbc:postgresql://localhost:%d/postgres".formatted(postgres.getPort());
			LOG.info("Tests use embedded PostgreSQL at {}", url);

			return new Connection(url, "postgres", "");
		} catch (IOException e) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", e);
		}
	}
}
