package com.modularshop.infrastructure.messaging;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.ModularShopApplication;
import com.modularshop.testsupport.KafkaClients;
import com.modularshop.testsupport.SharedTestDatabase;
import com.modularshop.testsupport.SharedTestKafka;

/**
 * The same switch lifts the catalog, the module in the middle of the order saga, by configuration alone: a monolith
 * with {@code shop.modules.catalog.mode=remote} and a catalog service (user, order and notification remote), two
 * application contexts in one JVM with a database each, on the embedded KRaft broker. The catalog's events and the
 * order module's commands to it cross the broker both ways, and the order saga completes as in the monolith.
 */
class LiftedCatalogIntegrationTests {

	static ConfigurableApplicationContext monolith;
	static ConfigurableApplicationContext catalog;
	static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeAll
	static void startBothProcesses() {

		var kafka = SharedTestKafka.bootstrapServers();
		monolith = start(kafka, "--shop.modules.catalog.mode=remote", "--shop.user.admin.email=admin@lift.test",
				"--shop.user.admin.password=administrator-secret");
		catalog = start(kafka, "--shop.modules.user.mode=remote", "--shop.modules.order.mode=remote",
				"--shop.modules.notification.mode=remote");
	}

	@AfterAll
	static void stopBothProcesses() {
		for (var context : new ConfigurableApplicationContext[] { catalog, monolith }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void theOrderSagaCompletesAcrossTheBroker() throws Exception {

		var admin = token("admin@lift.test", "administrator-secret");
		var sku = "LIFT-" + UUID.randomUUID().toString().substring(0, 8);

		// the catalog's endpoints moved to the catalog service
		assertThat(send(monolith, "GET", "/api/products/" + sku, null, null).statusCode()).isEqualTo(404);
		assertThat(send(catalog, "POST", "/api/products", admin, """
				{"sku": "%s", "name": "Lifted lamp", "price": {"amount": 12.00, "currency": "EUR"}, "stock": 5}"""
				.formatted(sku)).statusCode()).isEqualTo(201);

		var customer = newCustomer();
		// the order module knows the product once ProductListed crossed the broker
		var placed = await().atMost(PATIENCE).until(() -> send(monolith, "POST", "/api/orders",
				customer, """
						{"lines": [{"sku": "%s", "quantity": 2}]}""".formatted(sku)), it -> it.statusCode() == 202);
		var orderId = (String) JsonPath.read(placed.body(), "$.id");

		// ReserveStock went to the catalog service, StockReserved came back
		await().atMost(PATIENCE).untilAsserted(() -> assertThat((String) JsonPath.read(
				send(monolith, "GET", "/api/orders/" + orderId, customer, null).body(), "$.status")).isEqualTo("CONFIRMED"));
		assertThat((Integer) JsonPath.read(send(catalog, "GET", "/api/products/" + sku, null, null).body(),
				"$.available")).isEqualTo(3);

		// the order module recorded both catalog messages in its inbox, the catalog the command in its own
		assertThat(jdbc(monolith).sql("SELECT message_type FROM ordering.inbox").query(String.class).list())
				.contains("catalog.ProductListed.v1", "catalog.StockReserved.v1");
		assertThat(jdbc(catalog).sql("SELECT message_type FROM catalog.inbox").query(String.class).list())
				.contains("catalog.ReserveStock.v1");
	}

	@Test
	void recordsCarryTheEventIdAndALogicalTypeAndAreKeyedByTheAggregate() throws Exception {

		var admin = token("admin@lift.test", "administrator-secret");
		var sku = "KEY-" + UUID.randomUUID().toString().substring(0, 8);
		send(catalog, "POST", "/api/products", admin, """
				{"sku": "%s", "name": "Keyed kettle", "price": {"amount": 3.00, "currency": "EUR"}, "stock": 1}"""
				.formatted(sku));

		var record = await().atMost(PATIENCE).until(() -> read("shop.catalog").stream()
				.filter(it -> sku.equals(it.key())).findFirst(), java.util.Optional::isPresent).orElseThrow();

		var value = new String(record.value(), StandardCharsets.UTF_8);
		assertThat(header(record, "messageType")).isEqualTo("catalog.ProductListed.v1");
		assertThat(header(record, "eventId")).isEqualTo(JsonPath.read(value, "$.eventId"));
		assertThat((String) JsonPath.read(value, "$.sku")).isEqualTo(sku);
		assertThat(record.headers().lastHeader("__TypeId__")).as("no Java class name on the wire").isNull();
		// the no-client check of ExternalizationOffIntegrationTests does see clients when there are some
		assertThat(KafkaClients.alive()).anyMatch(it -> it.startsWith("kafka.producer:"))
				.anyMatch(it -> it.startsWith("kafka.consumer:"));
	}

	@Test
	void aRecordDeliveredTwiceIsHandedOnOnce() throws Exception {

		var eventId = UUID.randomUUID();
		var sku = "TWICE-" + UUID.randomUUID().toString().substring(0, 8);
		var value = """
				{"eventId": "%s", "sku": "%s", "name": "Twice told", "description": null, "category": null,
				 "price": 1.00, "currency": "EUR", "listedAt": "2026-01-01T00:00:00Z"}""".formatted(eventId, sku);

		produce("shop.catalog", sku, value, "catalog.ProductListed.v1", eventId.toString());
		produce("shop.catalog", sku, value, "catalog.ProductListed.v1", eventId.toString());

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc(monolith)
				.sql("SELECT count(*) FROM ordering.products WHERE sku = :sku").param("sku", sku).query(Long.class)
				.single()).isOne());
		assertThat(jdbc(monolith).sql("SELECT count(*) FROM ordering.inbox WHERE event_id = :id").param("id", eventId)
				.query(Long.class).single()).isOne();
		// one publication for the one listener, not two
		assertThat(jdbc(monolith).sql("""
				SELECT count(*) FROM event_publication_archive WHERE serialized_event LIKE :id""")
				.param("id", "%" + eventId + "%").query(Long.class).single()).isOne();
	}

	@Test
	void unreadableRecordsGoToTheDeadLetterTopicAndTheRestFlowOn() throws Exception {

		var unknown = UUID.randomUUID().toString();
		var badJson = UUID.randomUUID().toString();
		produce("shop.catalog", "X", "{}", "catalog.ProductRenamed.v1", unknown);
		produce("shop.catalog", "X", "{not json", "catalog.ProductListed.v1", badJson);

		var sku = "AFTER-" + UUID.randomUUID().toString().substring(0, 8);
		var eventId = UUID.randomUUID();
		produce("shop.catalog", sku, """
				{"eventId": "%s", "sku": "%s", "name": "After the poison", "price": 1.00, "currency": "EUR",
				 "listedAt": "2026-01-01T00:00:00Z"}""".formatted(eventId, sku), "catalog.ProductListed.v1",
				eventId.toString());

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(read("shop.catalog.dlt").stream()
				.map(it -> header(it, "eventId")).toList()).contains(unknown, badJson));
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc(monolith)
				.sql("SELECT count(*) FROM ordering.products WHERE sku = :sku").param("sku", sku).query(Long.class)
				.single()).isOne());
		assertThat(jdbc(monolith).sql("SELECT count(*) FROM ordering.inbox WHERE event_id::text IN (:ids)")
				.param("ids", List.of(unknown, badJson)).query(Long.class).single()).isZero();
	}

	@Test
	void aMessageTakenFromKafkaIsNotSentAgain() {

		// the monolith consumes shop.catalog and sends nothing there: every ProductListed on it came from the service
		var types = monolith.getBean(MessageTypes.class);
		assertThat(types.all()).filteredOn(it -> it.topic().equals("shop.catalog"))
				.allSatisfy(it -> assertThat(types.inbound()).contains(it));
		assertThat(types.externalizedHere(new com.modularshop.catalog.events.ProductDelisted(UUID.randomUUID(), "X",
				java.time.Instant.now()))).isFalse();
		assertThat(types.externalizedHere(new com.modularshop.catalog.commands.ReleaseStock(UUID.randomUUID(),
				UUID.randomUUID()))).isTrue();
		// and the service the other way round
		var service = catalog.getBean(MessageTypes.class);
		assertThat(service.externalizedHere(new com.modularshop.catalog.commands.ReleaseStock(UUID.randomUUID(),
				UUID.randomUUID()))).isFalse();
		assertThat(monolith.getBean(InboundMessages.class).topics()).containsExactly("shop.catalog");
		assertThat(catalog.getBean(InboundMessages.class).topics()).containsExactly("shop.catalog.commands");
	}

	static ConfigurableApplicationContext start(String kafka, String... arguments) {

		var database = SharedTestDatabase.freshDatabase();
		var all = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.modulith.events.externalization.enabled=true", "--spring.kafka.bootstrap-servers=" + kafka,
				// its own registry: failed attempts are retried here
				"--shop.events.supervision.enabled=true", "--shop.events.retry.initial-backoff=1s",
				"--shop.messaging.group-id=lift-" + UUID.randomUUID()));
		all.addAll(List.of(arguments));

		return new SpringApplicationBuilder(ModularShopApplication.class).run(all.toArray(String[]::new));
	}

	static HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path, String token,
			String json) throws Exception {

		var request = HttpRequest.newBuilder(URI.create("http://localhost:"
				+ context.getEnvironment().getProperty("local.server.port") + path))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(json))
				.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}

		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String token(String email, String password) throws Exception {
		return JsonPath.read(send(monolith, "POST", "/api/auth/token", null, """
				{"email": "%s", "password": "%s"}""".formatted(email, password)).body(), "$.access_token");
	}

	static String newCustomer() throws Exception {
		var email = uniqueEmail("lift");
		assertThat(send(monolith, "POST", "/api/users", null, """
				{"email": "%s", "name": "Lifter", "password": "long enough password"}""".formatted(email))
				.statusCode()).isEqualTo(201);
		return token(email, "long enough password");
	}

	static JdbcClient jdbc(ConfigurableApplicationContext context) {
		return context.getBean(JdbcClient.class);
	}

	static List<ConsumerRecord<String, byte[]>> read(String topic) {

		try (var consumer = new KafkaConsumer<>(Map.<String, Object> of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestKafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			var records = new ArrayList<ConsumerRecord<String, byte[]>>();
			var deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			}
			return records;
		}
	}

	static void produce(String topic, String key, String value, String type, String eventId) throws Exception {

		try (var producer = new KafkaProducer<>(Map.<String, Object> of("bootstrap.servers",
				SharedTestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
			var record = new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
			record.headers().add(new RecordHeader("messageType", type.getBytes(StandardCharsets.UTF_8)));
			record.headers().add(new RecordHeader("eventId", eventId.getBytes(StandardCharsets.UTF_8)));
			producer.send(record).get();
		}
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}
}
