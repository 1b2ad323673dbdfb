package com.modularshop.testsupport;

import static org.assertj.core.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka in KRaft mode (broker and controller in one process), started from the Kafka jars on the
 * test class path ({@code kafka.Kafka}, as the distribution's {@code kafka-server-start.sh} does), so it can be
 * stopped and started again on the same log directory, like an operator's broker. No Docker needed. The README's
 * "Lifting a module out" shows the same commands.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

	private final Path directory;
	private final int port;
	private final Path configuration;
	private Process process;

	public KafkaBrokerProcess(Path directory) throws Exception {

		this.directory = directory;
		this.port = ApplicationProcess.freePort();
		var controllerPort = ApplicationProcess.freePort();
		this.configuration = directory.resolve("server.properties");

		Files.writeString(configuration, """
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@localhost:%d
				listeners=PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d
				advertised.listeners=PLAINTEXT://localhost:%d
				controller.listener.names=CONTROLLER
				listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
				log.dirs=%s
				num.partitions=3
				offsets.topic.replication.factor=1
				offsets.topic.num.partitions=3
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				group.initial.rebalance.delay.ms=0
				""".formatted(controllerPort, port, controllerPort, port, directory.resolve("logs")));

		run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
				configuration.toString()), directory.resolve("format.log"));
	}

	public String bootstrapServers() {
		return "localhost:" + port;
	}

	/** Starts the broker (again, on the same data) and waits until it accepts connections. */
	public KafkaBrokerProcess start() throws Exception {

		var log = directory.resolve("broker-" + Instant.now().toEpochMilli() + ".log");
		process = new ProcessBuilder(command(List.of("kafka.Kafka", configuration.toString())))
				.directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

		var deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				fail("Kafka exited with %d:%n%s", process.exitValue(), Files.readString(log));
			}
			if (Files.readString(log).contains("Kafka Server started")) {
				try (var socket = new Socket()) {
					socket.connect(new InetSocketAddress("localhost", port), 1000);
					return this;
				} catch (IOException notYet) {
					// keep waiting
				}
			}
			Thread.sleep(200);
		}

		process.destroyForcibly();
		return fail("Kafka did not start within %s:%n%s", STARTUP_TIMEOUT, Files.readString(log));
	}

	/** A clean shutdown; the data stays. */
	public void stop() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private void run(List<String> arguments, Path log) throws Exception {

		var tool = new ProcessBuilder(command(arguments)).directory(directory.toFile()).redirectErrorStream(true)
				.redirectOutput(log.toFile()).start();

		assertThat(tool.waitFor(2, TimeUnit.MINUTES)).as("%s finished", arguments).isTrue();
		assertThat(tool.exitValue()).as("%s:%n%s", arguments, Files.readString(log)).isZero();
	}

	private static List<String> command(List<String> arguments) {

		var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-cp", classPath()));
		command.addAll(arguments);

		return command;
	}

	/** The test class path, which holds Kafka, Scala and their libraries (spring-kafka-test brings them). */
	private static String classPath() {
		return String.join(File.pathSeparator, System.getProperty("java.class.path").split(File.pathSeparator));
	}
}
