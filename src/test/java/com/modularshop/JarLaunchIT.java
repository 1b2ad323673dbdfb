package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does on a fresh machine: {@code java -jar} in an empty directory, with no configuration at all,
 * runs on the embedded PostgreSQL; stopping and starting again keeps the data; a kill -9 does too.
 */
class JarLaunchIT {

	static final Path JAR = Path.of(System.getProperty("shop.jar", "target/modular-shop.jar")).toAbsolutePath();
	static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	@TempDir Path workingDirectory;
	Process application;
	Path lastLog;
	int port;

	@AfterEach
	void stopApplication() throws Exception {
		if (application != null && application.isAlive()) {
			application.destroy();
			application.waitFor(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void runsWithoutConfigurationAndKeepsItsDataAcrossRestartsAndKills() throws Exception {

		var databasePort = freePort();

		// first start: an empty directory, nothing configured but ports
		application = start(databasePort);
		assertThat(Files.exists(workingDirectory.resolve("data/postgres/PG_VERSION"))).isTrue();
		execute(databasePort, "CREATE TABLE launch_marker (note TEXT)", "INSERT INTO launch_marker VALUES ('kept')");
		send("POST", "/api/users", null, """
				{"email": "launch@shop.test", "name": "Launch", "password": "long enough password"}""");
		var token = send("POST", "/api/auth/token", null, """
				{"email": "launch@shop.test", "password": "long enough password"}""")
				.replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");

		// graceful stop (SIGTERM) stops the embedded server with the application
		application.destroy();
		assertThat(application.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(workingDirectory.resolve("data/postgres/postmaster.pid")).doesNotExist();

		// second start on the same directory keeps the data; then the process is killed outright
		application = start(databasePort);
		assertThat(markers(databasePort)).containsExactly("kept");
		// the generated signing key was kept too: the token from the first run still opens the profile
		assertThat(send("GET", "/api/users/me", token, null)).contains("launch@shop.test");
		application.destroyForcibly();
		assertThat(application.waitFor(60, TimeUnit.SECONDS)).isTrue();

		// third start takes over from the PostgreSQL the killed process left running
		application = start(databasePort);
		assertThat(markers(databasePort)).containsExactly("kept");
		assertThat(Files.readString(lastLog)).contains("left running on " + workingDirectory.toRealPath());
	}

	Process start(int databasePort) throws Exception {

		port = freePort();
		var java = ProcessHandle.current().info().command().orElse("java");
		var log = workingDirectory.resolve("application-" + Instant.now().toEpochMilli() + ".log");
		lastLog = log;

		var process = new ProcessBuilder(java, "-jar", JAR.toString(), "--server.port=" + port,
				"--shop.embedded-database.port=" + databasePort)
				.directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();

		var client = HttpClient.newHttpClient();
		var health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
		var deadline = Instant.now().plus(STARTUP_TIMEOUT);

		while (Instant.now().isBefore(deadline)) {

			if (!process.isAlive()) {
				fail("The application exited with %d:%n%s", process.exitValue(), Files.readString(log));
			}

			try {
				var response = client.send(health, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
					return process;
				}
			} catch (IOException notYetListening) {
				// keep polling until the deadline
			}

			Thread.sleep(250);
		}

		process.destroyForcibly();
		return fail("The application did not report UP within %s:%n%s", STARTUP_TIMEOUT, Files.readString(log));
	}

	/** Sends a request to the running application and returns the body of a 2xx response. */
	String send(String method, String path, String token, String json) throws Exception {

		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(json))
				.header("Content-Type", "application/json");

		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}

		var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);

		return response.body();
	}

	static void execute(int port, String... statements) throws SQLException {

		try (var connection = DriverManager.getConnection(url(port), "postgres", "");
				var statement = connection.createStatement()) {
			for (var sql : statements) {
				statement.execute(sql);
			}
		}
	}

	static List<String> markers(int port) throws SQLException {

		try (var connection = DriverManager.getConnection(url(port), "postgres", "");
				var result = connection.createStatement().executeQuery("SELECT note FROM launch_marker")) {

			var notes = new java.util.ArrayList<String>();
			while (result.next()) {
				notes.add(result.getString(1));
			}
			return notes;
		}
	}

	static String url(int port) {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
