package com.modularshop.infrastructure.database;

import static org.assertj.core.api.Assertions.*;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of {@code java -jar}: a real server on a real data directory, reached only over localhost
 * and only with the generated secret; data directories of earlier versions ({@code initdb -A trust}) are migrated;
 * the orphan clean-up signals nothing but this directory's own postmaster.
 */
class EmbeddedPostgresServerIntegrationTests {

	@TempDir Path workingDirectory;

	@Test
	void aNewDataDirectoryRequiresTheGeneratedPasswordOnLocalhostOnly() throws Exception {

		var directory = workingDirectory.resolve("data/postgres");

		try (var server = EmbeddedPostgresServer.start(directory, 0)) {

			var secret = directory.resolve(StoredCredentials.SECRET_FILE);
			assertThat(secret).hasContent(server.password());
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
			assertThat(server.password()).hasSizeGreaterThanOrEqualTo(40);
			assertThat(directory.resolve("pg_hba.conf")).hasContent(StoredCredentials.HBA);

			assertThat(query(server.port(), server.password(), "SHOW listen_addresses")).isEqualTo("localhost");
			assertThat(query(server.port(), server.password(),
					"SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")).startsWith("SCRAM-SHA-256$");
			assertRefused(server.port(), null);
			assertRefused(server.port(), "");
			assertRefused(server.port(), "not the secret");
		}
	}

	@Test
	void migratesADataDirectoryCreatedWithTrustAuthenticationAndKeepsItsData() throws Exception {

		var directory = workingDirectory.resolve("data/postgres");

		// what earlier versions created: zonky's initdb -A trust, any local user gets in as superuser without password
		try (var legacy = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
				.setRegisterShutdownHook(false).start()) {
			try (var connection = legacy.getPostgresDatabase().getConnection()) {
				connection.createStatement().execute("CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('yes')");
			}
		}
		assertThat(Files.readString(directory.resolve("pg_hba.conf"))).contains("trust");

		String password;

		try (var server = EmbeddedPostgresServer.start(directory, 0)) {

			password = server.password();
			assertThat(directory.resolve(StoredCredentials.SECRET_FILE)).hasContent(password);
			assertThat(directory.resolve("pg_hba.conf")).hasContent(StoredCredentials.HBA);
			assertThat(query(server.port(), password, "SELECT note FROM kept")).isEqualTo("yes");
			assertRefused(server.port(), null);
		}

		// the next start finds it migrated and keeps the password
		try (var server = EmbeddedPostgresServer.start(directory, 0)) {
			assertThat(server.password()).isEqualTo(password);
			assertThat(query(server.port(), password, "SELECT note FROM kept")).isEqualTo("yes");
		}
	}

	@Test
	void leavesAProcessAloneThatIsNotThePostmasterOfTheDataDirectory() throws Exception {

		var directory = workingDirectory.resolve("data/postgres");
		EmbeddedPostgresServer.start(directory, 0).close();

		// After a reboot the PID of a stale postmaster.pid can belong to any process, even one called postgres.
		var decoyProgram = Files.copy(Path.of("/bin/sleep"), workingDirectory.resolve("postgres"));
		var decoy = new ProcessBuilder(decoyProgram.toString(), "300").start();

		try {
			Files.writeString(directory.resolve("postmaster.pid"), "%d%n%s%n1700000000%n5432%n".formatted(decoy.pid(),
					directory));
			assertThat(OrphanedPostmaster.isPostmasterOf(decoy.toHandle(), directory)).isFalse();

			try (var server = EmbeddedPostgresServer.start(directory, 0)) {

				assertThat(decoy.isAlive()).as("the decoy was not signalled").isTrue();
				assertThat(query(server.port(), server.password(), "SELECT 'up'")).isEqualTo("up");

				// the real postmaster is recognised, and only for its own directory
				var postmaster = ProcessHandle.of(Long.parseLong(
						Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim())).orElseThrow();
				assertThat(OrphanedPostmaster.isPostmasterOf(postmaster, directory)).isTrue();
				assertThat(OrphanedPostmaster.isPostmasterOf(postmaster, workingDirectory)).isFalse();
			}
		} finally {
			decoy.destroyForcibly();
		}
	}

	private static String query(int port, String password, String sql) throws SQLException {

		try (var connection = DriverManager.getConnection(url(port), credentials(password));
				var result = connection.createStatement().executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static void assertRefused(int port, String password) {
		assertThatExceptionOfType(SQLException.class)
				.as("connecting with password %s", password)
				.isThrownBy(() -> DriverManager.getConnection(url(port), credentials(password)).close());
	}

	private static Properties credentials(String password) {

		var properties = new Properties();
		properties.setProperty("user", EmbeddedPostgresServer.USER);
		if (password != null) {
			properties.setProperty("password", password);
		}
		return properties;
	}

	private static String url(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}
}
