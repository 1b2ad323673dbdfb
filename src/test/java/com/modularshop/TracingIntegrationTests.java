package com.modularshop;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import io.opentelemetry.sdk.trace.data.SpanData;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.RecordedSpans;
import com.modularshop.testsupport.ShopClient;
import com.modularshop.testsupport.ShopClient.SignedIn;

/**
 * One order followed across the modules with tracing on (every trace sampled, spans recorded in memory): the client's
 * W3C {@code traceparent} is honoured, and the request's trace continues through the event publication registry into
 * every module listener the order sets off.
 */
@SpringBootTest(properties = { "management.tracing.export.enabled=true", "management.tracing.sampling.probability=1.0" })
@AutoConfigureMockMvc
@Import(TracingIntegrationTests.Recording.class)
class TracingIntegrationTests {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired MockMvcTester mvc;
	@Autowired JdbcClient jdbc;
	@Autowired RecordedSpans spans;

	ShopClient client;
	String admin;
	SignedIn customer;

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		RecordedSpans recordedSpans() {
			return new RecordedSpans();
		}
	}

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = "Bearer " + ForgedTokens.signedWithShopKey(UUID.randomUUID(), List.of("ADMIN"), "modular-shop",
				Instant.now().plusSeconds(600));
		customer = client.newCustomer();
	}

	@Test
	void continuesTheClientsTraceInTheRequest() {

		var sku = product(5);
		var trace = new Traceparent();

		var placed = placeOrder(sku, trace);

		assertThat(placed.orderId()).isNotNull();
		var request = await().atMost(PATIENCE).until(() -> spans.inTrace(trace.traceId()), it -> !it.isEmpty())
				.get(0);
		assertThat(request.getName()).isEqualTo("http post /api/orders");
		assertThat(request.getParentSpanId()).isEqualTo(trace.spanId());
		assertThat(request.getParentSpanContext().isRemote()).isTrue();
	}

	record Placed(String orderId) {}

	Placed placeOrder(String sku, Traceparent trace) {

		var result = mvc.post().uri("/api/orders").header("Authorization", customer.bearer())
				.header("traceparent", trace.header()).contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku))
				.exchange();
		assertThat(result).hasStatus(202);

		return new Placed(JsonPath.read(ShopClient.body(result), "$.id"));
	}

	String product(int stock) {

		var sku = "SKU-" + UUID.randomUUID();
		assertThat(client.post("/api/products", admin, """
				{"sku": "%s", "name": "Traced %s", "price": {"amount": 3.20, "currency": "EUR"}, "stock": %d}"""
				.formatted(sku, sku, stock))).hasStatus(201);
		await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM ordering.products WHERE sku = :sku")
				.param("sku", sku).query(Integer.class).single() == 1);

		return sku;
	}

	/** A client's own trace, as a W3C {@code traceparent} header (version 00, sampled). */
	record Traceparent(String traceId, String spanId) {

		Traceparent() {
			this(hex(16), hex(8));
		}

		String header() {
			return "00-" + traceId + "-" + spanId + "-01";
		}

		private static String hex(int bytes) {
			var random = new byte[bytes];
			ThreadLocalRandom.current().nextBytes(random);
			return HexFormat.of().formatHex(random);
		}
	}

	static List<String> names(List<SpanData> spans) {
		return spans.stream().map(SpanData::getName).toList();
	}
}
