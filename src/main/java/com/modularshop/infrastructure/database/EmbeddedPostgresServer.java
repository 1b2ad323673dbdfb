package com.modularshop.infrastructure.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL as a real, durable and closed database: unlike zonky's test defaults, fsync and synchronous
 * commit stay on, it listens on localhost only, and every connection needs the superuser's password (SCRAM, see
 * {@link StoredCredentials}). It recovers from a previous run that was killed: the orphaned server still holding the
 * data directory is shut down first ({@link OrphanedPostmaster}), so a restart after a crash works without manual
 * clean-up.
 */
final class EmbeddedPostgresServer implements Closeable {

	static final String USER = "postgres";

	private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;
	private final String password;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
		this.postgres = postgres;
		this.password = password;
	}

	static EmbeddedPostgresServer start(Path configuredDirectory, int port) throws IOException {

		var directory = configuredDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		OrphanedPostmaster.stopIfRunning(directory);

		var password = StoredCredentials.prepare(directory, PostgresBinaries.prepare());

		var builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				// Spring closes the bean after the connection pool; a JVM hook of zonky's own could stop the
				// server while a graceful shutdown still drains requests.
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("listen_addresses", "localhost")
				// zonky's readiness check connects too
				.setConnectConfig("password", password);

		if (port > 0) {
			builder.setPort(port);
		}

		var postgres = builder.start();

		LOG.info("Embedded PostgreSQL started on jdbc:postgresql://localhost:{}/postgres with data directory {} "
				+ "(user {}, password in {})", postgres.getPort(), directory, USER,
				directory.resolve(StoredCredentials.SECRET_FILE));

		return new EmbeddedPostgresServer(postgres, password);
	}

	int port() {
		return postgres.getPort();
	}

	String password() {
		return password;
	}

	@Override
	public void close() throws IOException {
		postgres.close();
	}
}
