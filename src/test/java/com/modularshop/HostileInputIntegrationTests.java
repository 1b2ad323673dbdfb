package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;

/**
 * Input that PostgreSQL, bcrypt or the heap would choke on is refused at the edge with a problem document, never
 * answered with a 500.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HostileInputIntegrationTests {

	@Autowired MockMvcTester mvc;
	ShopClient client;
	String admin;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = ForgedTokens.adminBearer();
	}

	@Test
	void refusesNulCharactersInJsonBodies() {

		var customer = client.newCustomer();

		assertBadRequest(client.post("/api/auth/token", null, """
				{"email": "a\\u0000b@shop.test", "password": "long enough password"}"""));
		assertBadRequest(client.post("/api/users", null, """
				{"email": "nul-%s@shop.test", "name": "A\\u0000B", "password": "long enough password"}"""
				.formatted(UUID.randomUUID())));
		assertBadRequest(client.post("/api/orders", customer.bearer(), """
				{"lines": [{"sku": "SKU\\u0000", "quantity": 1}]}"""));
		assertBadRequest(client.post("/api/products", admin, """
				{"sku": "nul-%s", "name": "Cup", "description": "\\u0000", "price": {"amount": 1, "currency": "EUR"},
				 "stock": 1}""".formatted(UUID.randomUUID())));
	}

	@Test
	void refusesNulCharactersInQueryParametersPathsAndHeaders() {

		assertBadRequest(mvc.get().uri("/api/products").param("q", "\u0000").exchange());
		assertBadRequest(mvc.get().uri("/api/products").param("category", "a\u0000").exchange());
		assertBadRequest(mvc.get().uri("/api/products/{sku}", "a\u0000b").exchange());

		var customer = client.newCustomer();
		assertBadRequest(client.post("/api/orders", customer.bearer(), """
				{"lines": [{"sku": "SKU-1", "quantity": 1}]}""", "Idempotency-Key", "key\u0000"));
	}

	@Test
	void refusesPricesBeyondTwelveIntegerDigitsOrTwoDecimals() {

		for (var amount : List.of("1e100000", "1000000000000", "0.001", "1e-100000")) {

			var result = client.post("/api/products", admin, """
					{"sku": "big-%s", "name": "Cup", "price": {"amount": %s, "currency": "EUR"}, "stock": 1}"""
					.formatted(UUID.randomUUID(), amount));

			assertThat(result).as(amount).hasStatus4xxClientError()
					.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		assertThat(client.post("/api/products", admin, """
				{"sku": "max-%s", "name": "Cup", "price": {"amount": 999999999999.99, "currency": "EUR"}, "stock": 1}"""
				.formatted(UUID.randomUUID()))).hasStatus(201);
	}

	@Test
	void answersBodiesOverSixtyFourKibibytesWith413() {

		var result = client.post("/api/users", null, """
				{"email": "big-%s@shop.test", "name": "%s", "password": "long enough password"}"""
				.formatted(UUID.randomUUID(), "x".repeat(70 * 1024)));

		assertThat(result).hasStatus(413).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(413);
	}

	private static void assertBadRequest(MvcTestResult result) {
		assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}
}
