package com.modularshop.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One Kafka broker per test JVM, started on first use: a Testcontainers KRaft container where a Docker engine answers,
 * otherwise spring-kafka-test's embedded KRaft broker ({@code EmbeddedKafkaKraftBroker}, as on this project's machines
 * and CI). {@code -Dshop.test.kafka=embedded|testcontainers} forces one. Each test uses topics of its own contexts
 * only through their own consumer groups, so sharing the broker is safe.
 */
public final class SharedTestKafka {

	private static final Logger LOG = LoggerFactory.getLogger(SharedTestKafka.class);
	private static String bootstrapServers;

	private SharedTestKafka() {}

	public static synchronized String bootstrapServers() {

		if (bootstrapServers == null) {
			bootstrapServers = useTestcontainers() ? startContainer() : startEmbedded();
		}

		return bootstrapServers;
	}

	private static boolean useTestcontainers() {
		return switch (System.getProperty("shop.test.kafka", "auto")) {
			case "embedded" -> false;
			case "testcontainers" -> true;
			default -> (System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock")))
					&& DockerClientFactory.instance().isDockerAvailable();
		};
	}

	@SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
	private static String startContainer() {

		var container = new KafkaContainer("apache/kafka:3.8.0");
		container.start();
		LOG.info("Tests use Kafka from Testcontainers at {}", container.getBootstrapServers());

		return container.getBootstrapServers();
	}

	private static String startEmbedded() {

		var broker = new EmbeddedKafkaKraftBroker(1, 3);
		broker.afterPropertiesSet();
		// after the Spring contexts, whose consumers and producers would otherwise retry a broker that is gone
		SpringApplication.getShutdownHandlers().add(broker::destroy);
		LOG.info("Tests use the embedded KRaft broker at {}", broker.getBrokersAsString());

		return broker.getBrokersAsString();
	}
}
