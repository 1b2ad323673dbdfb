package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.ApplicationProcess;

/**
 * What an operator does on a fresh machine: {@code java -jar} in an empty directory, with no configuration at all,
 * runs on the embedded PostgreSQL; stopping and starting again keeps the data; a kill -9 does too.
 */
class JarLaunchIT {

	@TempDir Path workingDirectory;
	ApplicationProcess application;

	@AfterEach
	void stopApplication() throws Exception {
		if (application != null && application.isAlive()) {
			application.stop();
		}
	}

	@Test
	void runsWithoutConfigurationAndKeepsItsDataAcrossRestartsAndKills() throws Exception {

		var databasePort = ApplicationProcess.freePort();
		application = new ApplicationProcess(workingDirectory, "--shop.embedded-database.port=" + databasePort);

		// first start: an empty directory, nothing configured but ports
		application.start();
		assertThat(Files.exists(workingDirectory.resolve("data/postgres/PG_VERSION"))).isTrue();
		// the embedded database takes the generated secret only, from localhost only
		var secret = workingDirectory.resolve("data/postgres/shop-database-secret");
		assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(url(databasePort), "postgres", "").close());
		execute(databasePort, "CREATE TABLE launch_marker (note TEXT)", "INSERT INTO launch_marker VALUES ('kept')");
		application.call("POST", "/api/users", null, """
				{"email": "launch@shop.test", "name": "Launch", "password": "long enough password"}""");
		String token = JsonPath.read(application.call("POST", "/api/auth/token", null, """
				{"email": "launch@shop.test", "password": "long enough password"}"""), "$.access_token");

		// graceful stop (SIGTERM) stops the embedded server with the application
		application.stop();
		assertThat(workingDirectory.resolve("data/postgres/postmaster.pid")).doesNotExist();

		// second start on the same directory keeps the data; then the process is killed outright
		application.start();
		assertThat(markers(databasePort)).containsExactly("kept");
		// the generated signing key was kept too: the token from the first run still opens the profile
		assertThat(application.call("GET", "/api/users/me", token, null)).contains("launch@shop.test");
		application.kill();

		// third start takes over from the PostgreSQL the killed process left running
		application.start();
		assertThat(markers(databasePort)).containsExactly("kept");
		assertThat(application.log()).contains("left running on " + workingDirectory.toRealPath());
	}

	void execute(int port, String... statements) throws Exception {

		try (var connection = DriverManager.getConnection(url(port), "postgres", secret());
				var statement = connection.createStatement()) {
			for (var sql : statements) {
				statement.execute(sql);
			}
		}
	}

	List<String> markers(int port) throws Exception {

		try (var connection = DriverManager.getConnection(url(port), "postgres", secret());
				var result = connection.createStatement().executeQuery("SELECT note FROM launch_marker")) {

			var notes = new ArrayList<String>();
			while (result.next()) {
				notes.add(result.getString(1));
			}
			return notes;
		}
	}

	String secret() throws IOException {
		return Files.readString(workingDirectory.resolve("data/postgres/shop-database-secret")).strip();
	}

	static String url(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}
}
