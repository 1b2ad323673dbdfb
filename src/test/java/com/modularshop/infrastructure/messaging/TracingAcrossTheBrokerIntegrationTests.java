package com.modularshop.infrastructure.messaging;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.ModularShopApplication;
import com.modularshop.testsupport.RecordedSpans;
import com.modularshop.testsupport.SharedTestDatabase;
import com.modularshop.testsupport.SharedTestKafka;

/**
 * With the catalog lifted out (two application contexts on the embedded KRaft broker) and tracing on in both, one
 * order's trace crosses the broker both ways: the records carry the trace context in their headers, and the spans of
 * the catalog service (receiving {@code ReserveStock}, reserving, sending {@code StockReserved}) and of the monolith
 * (confirming, notifying) are all in the trace of the client's request.
 */
class TracingAcrossTheBrokerIntegrationTests {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static ConfigurableApplicationContext monolith;
	static ConfigurableApplicationContext catalog;

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		RecordedSpans recordedSpans() {
			return new RecordedSpans();
		}
	}

	@BeforeAll
	static void startBothProcesses() {

		monolith = start("--shop.modules.catalog.mode=remote", "--shop.user.admin.email=admin@traced.test",
				"--shop.user.admin.password=administrator-secret");
		catalog = start("--shop.modules.user.mode=remote", "--shop.modules.order.mode=remote",
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
	void oneOrdersTraceCrossesTheBrokerBothWays() throws Exception {

		var admin = token("admin@traced.test", "administrator-secret");
		var sku = "TRACE-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(send(catalog, "POST", "/api/products", admin, null, """
				{"sku": "%s", "name": "Traced torch", "price": {"amount": 7.00, "currency": "EUR"}, "stock": 3}"""
				.formatted(sku)).statusCode()).isEqualTo(201);
		var customer = newCustomer();
		var traceId = hex(16);
		var traceparent = "00-" + traceId + "-" + hex(8) + "-01";

		var placed = await().atMost(PATIENCE).until(() -> send(monolith, "POST", "/api/orders", customer, traceparent,
				"""
						{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku)), it -> it.statusCode() == 202);
		var orderId = (String) JsonPath.read(placed.body(), "$.id");

		var inMonolith = await().atMost(PATIENCE).until(() -> spans(monolith, traceId),
				it -> names(it).contains("notification: OrderConfirmed"));
		var inCatalog = spans(catalog, traceId);

		assertThat(names(inMonolith)).contains("http post /api/orders", "kafka: ReserveStock", "order: StockReserved",
				"notification: OrderConfirmed");
		assertThat(names(inCatalog)).contains("catalog: ReserveStock", "kafka: StockReserved");
		// the broker hops: a producer span in one process is the parent of a consumer span in the other
		assertThat(crossings(inMonolith, inCatalog)).as("ReserveStock, monolith to catalog service").isOne();
		assertThat(crossings(inCatalog, inMonolith)).as("StockReserved, catalog service to monolith").isOne();
		assertThat(status(orderId)).isEqualTo("CONFIRMED");

		// and the trace context is in the records' headers, for whatever else consumes the topics
		var command = await().atMost(PATIENCE).until(() -> LiftedCatalogIntegrationTests.read("shop.catalog.commands")
				.stream().filter(it -> orderId.equals(it.key())).findFirst(), java.util.Optional::isPresent)
				.orElseThrow();
		assertThat(LiftedCatalogIntegrationTests.header(command, "traceparent")).contains(traceId);
	}

	/** Consumer spans in {@code to} whose parent is a producer span in {@code from}. */
	static long crossings(List<SpanData> from, List<SpanData> to) {

		var producers = from.stream().filter(it -> it.getKind() == SpanKind.PRODUCER).map(SpanData::getSpanId).toList();

		return to.stream().filter(it -> it.getKind() == SpanKind.CONSUMER)
				.filter(it -> producers.contains(it.getParentSpanId())).count();
	}

	static List<SpanData> spans(ConfigurableApplicationContext context, String traceId) {
		return context.getBean(RecordedSpans.class).inTrace(traceId);
	}

	static List<String> names(List<SpanData> spans) {
		return spans.stream().map(SpanData::getName).toList();
	}

	String status(String orderId) {
		return monolith.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
				.sql("SELECT status FROM ordering.orders WHERE id = :id").param("id", UUID.fromString(orderId))
				.query(String.class).single();
	}

	static ConfigurableApplicationContext start(String... arguments) {

		var database = SharedTestDatabase.freshDatabase();
		var all = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.modulith.events.externalization.enabled=true",
				"--spring.kafka.bootstrap-servers=" + SharedTestKafka.bootstrapServers(),
				"--shop.events.supervision.enabled=true", "--shop.events.retry.initial-backoff=1s",
				"--shop.messaging.group-id=traced-" + UUID.randomUUID(),
				"--management.tracing.export.enabled=true", "--management.tracing.sampling.probability=1.0"));
		all.addAll(List.of(arguments));

		return new SpringApplicationBuilder(ModularShopApplication.class, Recording.class)
				.run(all.toArray(String[]::new));
	}

	static HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path, String token,
			String traceparent, String json) throws Exception {

		var request = HttpRequest.newBuilder(URI.create("http://localhost:"
				+ context.getEnvironment().getProperty("local.server.port") + path))
				.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(json))
				.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}

		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String token(String email, String password) throws Exception {
		return JsonPath.read(send(monolith, "POST", "/api/auth/token", null, null, """
				{"email": "%s", "password": "%s"}""".formatted(email, password)).body(), "$.access_token");
	}

	static String newCustomer() throws Exception {
		var email = uniqueEmail("traced");
		assertThat(send(monolith, "POST", "/api/users", null, null, """
				{"email": "%s", "name": "Tracer", "password": "long enough password"}""".formatted(email))
				.statusCode()).isEqualTo(201);
		return token(email, "long enough password");
	}

	static String hex(int bytes) {
		var random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}
}
