package com.modularshop.order;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;

/** Operators list every customer's orders, newest first, by status; nobody else can. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderAdminApiIntegrationTests {

	@Autowired MockMvcTester mvc;
	@Autowired JdbcClient jdbc;

	ShopClient client;
	String admin;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = ForgedTokens.adminBearer();
	}

	@Test
	void listsRecentOrdersOfEveryCustomerByStatus() {

		var sku = uniqueSku();
		assertThat(client.post("/api/products", admin, """
				{"sku": "%s", "name": "Listed", "price": {"amount": 1.00, "currency": "EUR"}, "stock": 1}"""
				.formatted(sku))).hasStatus(201);
		await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM ordering.products WHERE sku = :sku")
				.param("sku", sku).query(Integer.class).single() == 1);
		var confirmed = place(client.newCustomer().bearer(), sku);
		await().atMost(PATIENCE).until(() -> "CONFIRMED".equals(status(confirmed)));
		var rejected = place(client.newCustomer().bearer(), sku);
		await().atMost(PATIENCE).until(() -> "REJECTED".equals(status(rejected)));

		assertThat(client.get("/api/admin/orders?status=CONFIRMED&size=100", admin)).hasStatusOk().bodyJson()
				.extractingPath("$.content[*].id").asArray().contains(confirmed).doesNotContain(rejected);
		assertThat(client.get("/api/admin/orders?status=REJECTED&size=1", admin)).hasStatusOk().bodyJson()
				.extractingPath("$.content[0].id").isEqualTo(rejected);
		var all = client.get("/api/admin/orders?size=2", admin);
		assertThat(all).bodyJson().extractingPath("$.content[*].id").asArray().containsExactly(rejected, confirmed);
		assertThat(all).bodyJson().extractingPath("$.page.totalElements").asNumber().isNotEqualTo(0);
	}

	@Test
	void refusesCustomersAndUnknownStatuses() {

		assertThat(client.get("/api/admin/orders", null)).hasStatus(401)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.type")
				.isEqualTo("https://modular-shop.example/problems/unauthenticated");
		// refused by @PreAuthorize, past the filter chain: the same problem document as a filter's refusal
		assertThat(client.get("/api/admin/orders/" + UUID.randomUUID(), client.newCustomer().bearer())).hasStatus(403)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.type")
				.isEqualTo("https://modular-shop.example/problems/access-denied");
		assertThat(client.get("/api/admin/orders?status=LOST", admin)).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	String place(String bearer, String sku) {

		var placed = client.post("/api/orders", bearer, """
				{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku));
		assertThat(placed).hasStatus(202);

		return JsonPath.read(ShopClient.body(placed), "$.id");
	}

	String status(String id) {
		return jdbc.sql("SELECT status FROM ordering.orders WHERE id = :id").param("id", UUID.fromString(id))
				.query(String.class).single();
	}
}
