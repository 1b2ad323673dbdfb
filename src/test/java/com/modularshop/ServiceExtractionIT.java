package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.ApplicationProcess;
import com.modularshop.testsupport.KafkaBrokerProcess;

/**
 * Lifting the notification module out, end to end, from the packaged jar: a real KRaft broker, the monolith with
 * {@code shop.modules.notification.mode=remote} and the notification service (the same jar with the other three
 * modules remote), each process on its own embedded PostgreSQL. Every notification arrives in the service's inbox
 * exactly once: when records are delivered twice, when the service is killed with SIGKILL while orders continue, and
 * when the broker is away for 30 seconds while orders are placed (the monolith keeps answering 202).
 */
class ServiceExtractionIT {

	static final String SKU = "LIFT-1";

	@TempDir Path directory;
	KafkaBrokerProcess broker;
	ApplicationProcess monolith;
	ApplicationProcess service;
	final List<String> orders = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopAll() throws Exception {
		for (var process : new ApplicationProcess[] { monolith, service }) {
			if (process != null && process.isAlive()) {
				process.stop();
			}
		}
		if (broker != null) {
			broker.stop();
		}
	}

	@Test
	void theNotificationServiceGetsEveryNotificationOnceThroughKafka() throws Exception {

		broker = new KafkaBrokerProcess(Files.createDirectories(directory.resolve("kafka"))).start();
		var publicKey = writeKeyPair();
		var kafka = new String[] { "--spring.modulith.events.externalization.enabled=true",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers() };

		monolith = new ApplicationProcess(Files.createDirectories(directory.resolve("monolith")),
				concat(kafka, "--shop.modules.notification.mode=remote",
						"--shop.embedded-database.port=" + ApplicationProcess.freePort(),
						"--shop.security.jwt.private-key=file:" + directory.resolve("jwt.pem"),
						"--shop.security.jwt.public-key=file:" + publicKey,
						"--shop.user.admin.email=admin@shop.test", "--shop.user.admin.password=administrator-secret",
						"--shop.events.retry.interval=1s", "--shop.events.retry.initial-backoff=1s",
						"--shop.events.retry.max-backoff=5s"));
		service = new ApplicationProcess(Files.createDirectories(directory.resolve("service")),
				concat(kafka, "--shop.modules.user.mode=remote", "--shop.modules.catalog.mode=remote",
						"--shop.modules.order.mode=remote",
						"--shop.embedded-database.port=" + ApplicationProcess.freePort(),
						"--shop.security.jwt.public-key=file:" + publicKey));
		CompletableFuture.allOf(startAsync(monolith), startAsync(service)).get(4, TimeUnit.MINUTES);

		var admin = token("admin@shop.test", "administrator-secret");
		monolith.call("POST", "/api/products", admin, """
				{"sku": "%s", "name": "Lifted mug", "price": {"amount": 4.00, "currency": "EUR"}, "stock": 1000}"""
				.formatted(SKU));
		var email = uniqueEmail("lifted");
		monolith.call("POST", "/api/users", null, """
				{"email": "%s", "name": "Ada", "password": "long enough password"}""".formatted(email));
		var customer = token(email, "long enough password");

		// the monolith no longer serves notifications; the service does, with the monolith's token
		await().atMost(PATIENCE).until(() -> placeOrder(customer) == 202);
		assertThat(monolith.send("GET", "/api/notifications", customer, null).statusCode()).isEqualTo(404);
		awaitEveryNotificationOnce(customer);

		// every record of the service's topics delivered a second time changes nothing
		var redelivered = redeliverEverything(List.of("shop.user", "shop.order"));
		assertThat(redelivered).isGreaterThanOrEqualTo(3);
		awaitConsumed("shop.notification", List.of("shop.user", "shop.order"));
		awaitEveryNotificationOnce(customer);

		// SIGKILL of the service while orders continue, then a restart on the same data
		var placing = placeContinuously(customer);
		await().atMost(PATIENCE).until(() -> orders.size() >= 4);
		service.kill();
		var countAtKill = orders.size();
		await().atMost(PATIENCE).until(() -> orders.size() >= countAtKill + 3);
		service.start();
		placing.set(false);
		awaitEveryNotificationOnce(customer);

		// the broker away for 30 s: orders are still accepted, and their notifications arrive once it is back
		broker.stop();
		var before = orders.size();
		var until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < until) {
			assertThat(placeOrder(customer)).as("the monolith takes orders while the broker is away").isEqualTo(202);
			Thread.sleep(2000);
		}
		assertThat(orders.size() - before).isGreaterThanOrEqualTo(10);
		broker.start();
		awaitEveryNotificationOnce(customer);

		System.out.printf("Service extraction: %d orders, each confirmed once in the notification service%n",
				orders.size());
	}

	/** One welcome, and one confirmation per accepted order, each order confirmed in the monolith. */
	private void awaitEveryNotificationOnce(String customer) {

		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			// every page: a slow restart under load lets the continuous orders outgrow one page
			var welcomes = new ArrayList<String>();
			var confirmed = new ArrayList<String>();
			for (int page = 0, pages = 1; page < pages; page++) {
				var inbox = service.call("GET", "/api/notifications?size=100&page=" + page, customer, null);
				welcomes.addAll(JsonPath.<List<String>> read(inbox, "$.content[?(@.type == 'WELCOME')].id"));
				confirmed.addAll(JsonPath.<List<String>> read(inbox, "$.content[?(@.type == 'ORDER_CONFIRMED')].subject"));
				pages = JsonPath.<Integer> read(inbox, "$.page.totalPages");
			}
			assertThat(welcomes).hasSize(1);
			var perOrder = orders.stream().collect(Collectors.toMap(Function.identity(),
					id -> confirmed.stream().filter(subject -> subject.contains(id)).count()));
			assertThat(perOrder).allSatisfy((id, count) -> assertThat(count).as("confirmations of %s", id).isOne());
			assertThat(confirmed).hasSize(orders.size());
		});
	}

	private AtomicBoolean placeContinuously(String customer) {

		var running = new AtomicBoolean(true);
		CompletableFuture.runAsync(() -> {
			while (running.get()) {
				try {
					placeOrder(customer);
					Thread.sleep(500);
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}
		});

		return running;
	}

	private int placeOrder(String customer) throws Exception {

		var response = monolith.send("POST", "/api/orders", customer, """
				{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(SKU));
		if (response.statusCode() == 202) {
			orders.add(JsonPath.read(response.body(), "$.id"));
		}

		return response.statusCode();
	}

	/** Sends every record of the topics once more, with its key, value and headers. */
	private int redeliverEverything(List<String> topics) {

		var records = new ArrayList<ProducerRecord<byte[], byte[]>>();

		try (var consumer = new KafkaConsumer<>(clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
				"redeliver-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
				var admin = Admin.create(clientProperties(Map.of()))) {

			var partitions = partitionsOf(admin, topics);
			var ends = endOffsets(admin, partitions);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);

			while (partitions.stream().anyMatch(it -> consumer.position(it) < ends.get(it))) {
				consumer.poll(Duration.ofMillis(500)).forEach(it -> records.add(
						new ProducerRecord<>(it.topic(), null, it.key(), it.value(), it.headers())));
			}
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}

		try (var producer = new KafkaProducer<>(clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			records.forEach(producer::send);
		}

		return records.size();
	}

	private void awaitConsumed(String group, List<String> topics) {

		try (var admin = Admin.create(clientProperties(Map.of()))) {
			var partitions = partitionsOf(admin, topics);
			var ends = endOffsets(admin, partitions);
			awaitCommitted(admin, group, partitions, ends);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static void awaitCommitted(Admin admin, String group, List<TopicPartition> partitions,
			Map<TopicPartition, Long> ends) {
		{
			await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
				var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
				assertThat(partitions).allSatisfy(partition -> assertThat(
						committed.containsKey(partition) ? committed.get(partition).offset() : 0L)
						.isGreaterThanOrEqualTo(ends.get(partition)));
			});
		}
	}

	private static List<TopicPartition> partitionsOf(Admin admin, List<String> topics) throws Exception {
		return admin.describeTopics(topics).allTopicNames().get().values().stream()
				.flatMap(topic -> topic.partitions().stream().map(it -> new TopicPartition(topic.name(), it.partition())))
				.toList();
	}

	private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions)
			throws Exception {
		return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
				it -> OffsetSpec.latest()))).all().get().entrySet().stream()
				.collect(Collectors.toMap(Map.Entry::getKey, it -> it.getValue().offset()));
	}

	private Properties clientProperties(Map<String, String> extra) {
		var properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
		properties.putAll(extra);
		return properties;
	}

	private String token(String email, String password) throws Exception {
		return JsonPath.read(monolith.call("POST", "/api/auth/token", null, """
				{"email": "%s", "password": "%s"}""".formatted(email, password)), "$.access_token");
	}

	/** The token signing pair of the monolith (the issuer); the service gets only the public half. */
	private Path writeKeyPair() throws Exception {

		var generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		var encoder = Base64.getMimeEncoder(64, "\n".getBytes());

		Files.writeString(directory.resolve("jwt.pem"), "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n"
				.formatted(encoder.encodeToString(pair.getPrivate().getEncoded())));
		return Files.writeString(directory.resolve("jwt.pub.pem"),
				"-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n"
						.formatted(encoder.encodeToString(pair.getPublic().getEncoded())));
	}

	private static CompletableFuture<Void> startAsync(ApplicationProcess process) {
		return CompletableFuture.runAsync(() -> {
			try {
				process.start();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
	}

	private static String[] concat(String[] first, String... rest) {
		var all = new ArrayList<>(List.of(first));
		all.addAll(List.of(rest));
		return all.toArray(String[]::new);
	}
}
