package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.documentation.TraceDiagram;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.RecordedSpans;
import com.modularshop.testsupport.ShopClient;
import com.modularshop.testsupport.ShopClient.SignedIn;

/**
 * One order followed across the modules with tracing on (every trace sampled, spans recorded in memory): the client's
 * W3C {@code traceparent} is honoured, the request's trace continues through the event publication registry into every
 * module listener the order sets off, also when a dead letter is resubmitted, and the listeners' log lines carry it.
 */
@SpringBootTest(properties = { "management.tracing.export.enabled=true", "management.tracing.sampling.probability=1.0",
		"logging.level.com.modularshop.catalog.Inventory=DEBUG",
		"logging.level.com.modularshop.notification.NotificationListeners=DEBUG" })
@AutoConfigureMockMvc
@Import(TracingIntegrationTests.Recording.class)
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests {

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
		admin = ForgedTokens.adminBearer();
		customer = client.newCustomer();
	}

	@Test
	void continuesTheClientsTraceInTheRequest() {

		var sku = product(5);
		var trace = new Traceparent();

		placeOrder(sku, trace);

		var request = await().atMost(PATIENCE).until(() -> spans.inTrace(trace.traceId()), it -> !it.isEmpty())
				.get(0);
		assertThat(request.getName()).isEqualTo("http post /api/orders");
		assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(request.getParentSpanId()).isEqualTo(trace.spanId());
		assertThat(request.getParentSpanContext().isRemote()).isTrue();
	}

	@Test
	void followsOneOrderThroughEveryModuleItSetsOff() {

		var sku = product(20);
		// the documented trace should show a warm application, not the first request's class loading
		for (var i = 0; i < 5; i++) {
			var warmUp = new Traceparent();
			placeOrder(sku, warmUp);
			awaitSpans(warmUp, 4);
		}
		var trace = new Traceparent();

		var order = placeOrder(sku, trace);

		var hops = awaitSpans(trace, 4);
		assertThat(names(hops)).containsExactly("http post /api/orders", "catalog: ReserveStock",
				"order: StockReserved", "notification: OrderConfirmed");
		// each hop is the child of the one that published its message, through the registry's table
		for (var i = 1; i < hops.size(); i++) {
			assertThat(hops.get(i).getParentSpanId()).isEqualTo(hops.get(i - 1).getSpanId());
			assertThat(hops.get(i).getKind()).isEqualTo(SpanKind.CONSUMER);
		}
		assertThat(hops.get(1).getAttributes().get(AttributeKey.stringKey("module"))).isEqualTo("catalog");
		assertThat(hops.get(1).getAttributes().get(AttributeKey.stringKey("message"))).isEqualTo("ReserveStock");
		assertThat(status(order)).isEqualTo("CONFIRMED");

		documentTheTrace(hops);
	}

	@Test
	void keepsTheTraceWhenADeadLetterIsResubmitted() {

		var sku = product(5);
		var trace = new Traceparent();
		var order = placeOrder(sku, trace);
		awaitSpans(trace, 4);

		// what the notification listener's publication would be after every attempt failed (an SMTP outage, say)
		var publication = jdbc.sql("""
				SELECT id FROM event_publication_archive
				WHERE event_type = 'com.modularshop.order.events.OrderConfirmed'
				  AND listener_id LIKE 'com.modularshop.notification.%'
				  AND serialized_event::jsonb ->> 'orderId' = :order""")
				.param("order", order).query(UUID.class).single();
		jdbc.sql("""
				WITH moved AS (DELETE FROM event_publication_archive WHERE id = :id RETURNING *)
				INSERT INTO event_publication_dead_letter (id, listener_id, event_type, serialized_event,
				  publication_date, completion_attempts, last_resubmission_date, trace_context, reason, dead_since)
				SELECT id, listener_id, event_type, serialized_event, publication_date - interval '30 minutes', 8,
				  last_resubmission_date, trace_context, 'EXHAUSTED', now() FROM moved""").param("id", publication)
				.update();
		assertThat(jdbc.sql("SELECT trace_context FROM event_publication_dead_letter WHERE id = :id")
				.param("id", publication).query(String.class).single()).contains(trace.traceId());

		assertThat(client.post("/api/admin/event-publications/" + publication + "/resubmit", admin, ""))
				.hasStatus(202);

		var hops = awaitSpans(trace, 5);
		assertThat(names(hops)).containsExactly("http post /api/orders", "catalog: ReserveStock",
				"order: StockReserved", "notification: OrderConfirmed", "notification: OrderConfirmed");
		// the redelivery continues the trace of the order listener that published the confirmation
		assertThat(hops.get(4).getParentSpanId()).isEqualTo(hops.get(2).getSpanId());
		assertThat(jdbc.sql("SELECT status FROM event_publication_archive WHERE id = :id").param("id", publication)
				.query(String.class).single()).isEqualTo("COMPLETED");
	}

	@Test
	void listenerLogLinesCarryTheRequestsTraceId(CapturedOutput output) {

		var sku = product(5);
		var trace = new Traceparent();

		var order = placeOrder(sku, trace);
		awaitSpans(trace, 4);

		await().atMost(PATIENCE).untilAsserted(() -> assertThat(linesAbout(output, order)).hasSize(4));
		assertThat(linesAbout(output, order)).allSatisfy(line -> assertThat(line).contains(trace.traceId()))
				.anySatisfy(line -> assertThat(line).contains("[           main]", "Order " + order + " PLACED"))
				.anySatisfy(line -> assertThat(line).contains("Inventory", "Stock reserved for order " + order))
				.anySatisfy(line -> assertThat(line).contains("Order " + order + " CONFIRMED"))
				.anySatisfy(line -> assertThat(line).contains("NotificationListeners",
						"Confirmation of order " + order + " stored"));
		// the three listener lines come from listener threads
		assertThat(linesAbout(output, order).stream().filter(it -> it.contains("listener-"))).hasSize(3);
	}

	static List<String> linesAbout(CapturedOutput output, String order) {
		return output.getOut().lines().filter(it -> it.contains("rder " + order)).toList();
	}

	List<SpanData> awaitSpans(Traceparent trace, int count) {
		return await().atMost(PATIENCE).until(() -> spans.inTrace(trace.traceId()), it -> it.size() >= count);
	}

	String status(String order) {
		return jdbc.sql("SELECT status FROM ordering.orders WHERE id = :id").param("id", UUID.fromString(order))
				.query(String.class).single();
	}

	/**
	 * The picture in the docs: this run's trace as a sequence diagram. Its hops must match the committed one (the
	 * timings are this run's); {@code -Ddocs.update=true} (the docs profile) replaces the committed one when its hops
	 * differ, so that regenerating the other docs does not churn it.
	 */
	void documentTheTrace(List<SpanData> hops) {

		var diagram = TraceDiagram.of(hops, "One order, traced: POST /api/orders to the confirmation's notification "
				+ "(recorded by TracingIntegrationTests)");
		TraceDiagram.write(diagram, TraceDiagram.GENERATED);
		var current = TraceDiagram.hops(TraceDiagram.read(TraceDiagram.COMMITTED)).equals(TraceDiagram.hops(diagram));

		if (Boolean.getBoolean("docs.update")) {
			if (!current) {
				TraceDiagram.write(diagram, TraceDiagram.COMMITTED);
			}
			return;
		}

		assertThat(TraceDiagram.hops(TraceDiagram.read(TraceDiagram.COMMITTED)))
				.as("docs/tracing/order-trace.puml is stale; regenerate it with '%s' and commit the result",
						TraceDiagram.REGENERATE_COMMAND)
				.isEqualTo(TraceDiagram.hops(diagram));
	}

	String placeOrder(String sku, Traceparent trace) {

		var result = mvc.post().uri("/api/orders").header("Authorization", customer.bearer())
				.header("traceparent", trace.header()).contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku))
				.exchange();
		assertThat(result).hasStatus(202);

		return JsonPath.read(ShopClient.body(result), "$.id");
	}

	String product(int stock) {

		var sku = uniqueSku();
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
