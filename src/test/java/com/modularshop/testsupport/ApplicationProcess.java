package com.modularshop.testsupport;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as an operator runs it: {@code java -jar target/modular-shop.jar} in a working directory,
 * as a separate process that can be stopped, killed and started again on the same data.
 */
public final class ApplicationProcess {

	public static final Path JAR = Path.of(System.getProperty("shop.jar", "target/modular-shop.jar")).toAbsolutePath();
	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private final Path workingDirectory;
	private final List<String> arguments;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private Process process;
	private Path log;
	private int port;

	/** @param arguments Spring Boot arguments ({@code --name=value}) besides the HTTP port, which is chosen here */
	public ApplicationProcess(Path workingDirectory, String... arguments) {
		this.workingDirectory = workingDirectory;
		this.arguments = List.of(arguments);
	}

	/** Starts the application and waits for health UP. */
	public ApplicationProcess start() throws Exception {

		port = freePort();
		log = workingDirectory.resolve("application-" + Instant.now().toEpochMilli() + ".log");

		var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
				JAR.toString(), "--server.port=" + port));
		command.addAll(arguments);

		process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();

		var health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
				.build();
		var deadline = Instant.now().plus(STARTUP_TIMEOUT);

		while (Instant.now().isBefore(deadline)) {

			if (!process.isAlive()) {
				fail("The application exited with %d:%n%s", process.exitValue(), log());
			}

			try {
				var response = http.send(health, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
					return this;
				}
			} catch (IOException notYetListening) {
				// keep polling until the deadline
			}

			Thread.sleep(250);
		}

		process.destroyForcibly();
		return fail("The application did not become ready within %s:%n%s", STARTUP_TIMEOUT, log());
	}

	/** SIGTERM: graceful shutdown. */
	public void stop() throws InterruptedException {
		process.destroy();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
	}

	/** SIGKILL: no shutdown hooks, nothing flushed, connections dropped. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
	}

	public boolean isAlive() {
		return process != null && process.isAlive();
	}

	public String log() throws IOException {
		return Files.readString(log);
	}

	public HttpResponse<String> send(String method, String path, String token, String json) throws Exception {

		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(json))
				.header("Content-Type", "application/json");

		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}

		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The body of a request that must succeed. */
	public String call(String method, String path, String token, String json) throws Exception {

		var response = send(method, path, token, json);
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);

		return response.body();
	}

	public static int freePort() throws IOException {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
