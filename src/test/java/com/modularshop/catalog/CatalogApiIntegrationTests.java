package com.modularshop.catalog;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;

/**
 * The catalog over HTTP with the real security chain and database: administrators maintain it, anyone reads it.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CatalogApiIntegrationTests {

	@Autowired MockMvcTester mvc;
	ShopClient client;
	String admin;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = ForgedTokens.adminBearer();
	}

	@Test
	void listsAProductThatAnyoneCanRead() {

		var sku = uniqueSku();

		var created = client.post("/api/products", admin, product(sku, "Teapot", "Blue china", "kitchen", "24.9", 7));

		assertThat(created).hasStatus(201).hasHeader("Location", "/api/products/" + sku);
		assertThat(created).bodyJson().extractingPath("$.price.amount").isEqualTo(24.90);

		var read = client.get("/api/products/" + sku, null);
		assertThat(read).hasStatusOk();
		assertThat(read).bodyJson().extractingPath("$.name").isEqualTo("Teapot");
		assertThat(read).bodyJson().extractingPath("$.category").isEqualTo("kitchen");
		assertThat(read).bodyJson().extractingPath("$.price.currency").isEqualTo("EUR");
		assertThat(read).bodyJson().extractingPath("$.available").isEqualTo(7);
		assertThat(read).bodyJson().extractingPath("$.listed").isEqualTo(true);

		assertThat(client.get("/api/products/" + uniqueSku(), null)).hasStatus(404)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesATakenSkuAMalformedOneAndAForeignCurrency() {

		var sku = uniqueSku();
		assertThat(client.post("/api/products", admin, product(sku, "A", "", null, "1", 1))).hasStatus(201);

		assertThat(client.post("/api/products", admin, product(sku, "B", "", null, "1", 1))).hasStatus(409)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.post("/api/products", admin, product("has space", "B", "", null, "1", 1))).hasStatus(400)
				.bodyJson().extractingPath("$.errors[0].field").isEqualTo("sku");
		assertThat(client.post("/api/products", admin, product("x".repeat(65), "B", "", null, "1", 1)))
				.hasStatus(400);
		assertThat(client.post("/api/products", admin, product(uniqueSku(), "B", "", null, "-1", 1)))
				.hasStatus(400);
		assertThat(client.post("/api/products", admin, product(uniqueSku(), "B", "", null, "1", -1)))
				.hasStatus(400);
		assertThat(client.post("/api/products", admin, """
				{"sku": "%s", "name": "B", "price": {"amount": 1, "currency": "USD"}, "stock": 1}"""
				.formatted(uniqueSku()))).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void letsOnlyAdministratorsChangeTheCatalog() {

		var customer = client.newCustomer();
		var sku = uniqueSku();
		assertThat(client.post("/api/products", admin, product(sku, "A", "", null, "1", 1))).hasStatus(201);

		assertThat(client.post("/api/products", customer.bearer(), product(uniqueSku(), "A", "", null, "1", 1)))
				.hasStatus(403);
		assertThat(client.post("/api/products", null, product(uniqueSku(), "A", "", null, "1", 1))).hasStatus(401);
		assertThat(client.put("/api/products/" + sku, customer.bearer(), change("B", "2"))).hasStatus(403);
		assertThat(client.post("/api/products/" + sku + "/stock", customer.bearer(), "{\"delta\": 5}"))
				.hasStatus(403);
		assertThat(client.delete("/api/products/" + sku, customer.bearer())).hasStatus(403);
		assertThat(client.delete("/api/products/" + sku, null)).hasStatus(401);

		assertThat(client.get("/api/products/" + sku, null)).bodyJson().extractingPath("$.listed").isEqualTo(true);
	}

	@Test
	void searchesListedProductsByTextAndCategoryInPages() {

		var word = "w" + UUID.randomUUID().toString().replace("-", "");
		client.post("/api/products", admin, product(uniqueSku(), "Red " + word, "", "toys", "1", 1));
		client.post("/api/products", admin, product(uniqueSku(), "Blue ball", "A " + word.toUpperCase() + " ball",
				"toys", "1", 1));
		client.post("/api/products", admin, product(uniqueSku(), "Green " + word, "", "garden", "1", 1));
		var delisted = uniqueSku();
		client.post("/api/products", admin, product(delisted, "Gone " + word, "", "toys", "1", 1));
		assertThat(client.delete("/api/products/" + delisted, admin)).hasStatus(204);

		var all = client.get("/api/products?q=" + word, null);
		assertThat(all).hasStatusOk();
		assertThat(all).bodyJson().extractingPath("$.content[*].name").asArray()
				.containsExactly("Blue ball", "Green " + word, "Red " + word);
		assertThat(all).bodyJson().extractingPath("$.page.totalElements").isEqualTo(3);

		assertThat(client.get("/api/products?q=" + word + "&category=toys", null)).bodyJson()
				.extractingPath("$.content[*].name").asArray().containsExactly("Blue ball", "Red " + word);

		var page = client.get("/api/products?q=" + word + "&size=2&page=1", null);
		assertThat(page).bodyJson().extractingPath("$.content[*].name").asArray().containsExactly("Red " + word);
		assertThat(page).bodyJson().extractingPath("$.page.size").isEqualTo(2);
		assertThat(page).bodyJson().extractingPath("$.page.number").isEqualTo(1);
		assertThat(page).bodyJson().extractingPath("$.page.totalPages").isEqualTo(2);

		assertThat(client.get("/api/products?size=101", null)).hasStatus(400);
		assertThat(client.get("/api/products?q=%25", null)).hasStatusOk();
	}

	@Test
	void updatesAdjustsStockAndDelists() {

		var sku = uniqueSku();
		client.post("/api/products", admin, product(sku, "Lamp", "", null, "10", 3));

		var updated = client.put("/api/products/" + sku, admin, change("Desk lamp", "12.5"));
		assertThat(updated).hasStatusOk();
		assertThat(updated).bodyJson().extractingPath("$.name").isEqualTo("Desk lamp");
		assertThat(updated).bodyJson().extractingPath("$.price.amount").isEqualTo(12.50);

		var restocked = client.post("/api/products/" + sku + "/stock", admin, "{\"delta\": 2}");
		assertThat(restocked).hasStatusOk();
		assertThat(restocked).bodyJson().extractingPath("$.onHand").isEqualTo(5);
		assertThat(restocked).bodyJson().extractingPath("$.available").isEqualTo(5);
		assertThat(client.post("/api/products/" + sku + "/stock", admin, "{\"delta\": -6}")).hasStatus(409)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.post("/api/products/" + sku + "/stock", admin, "{}")).hasStatus(400);

		assertThat(client.delete("/api/products/" + sku, admin)).hasStatus(204);
		assertThat(client.get("/api/products/" + sku, null)).bodyJson().extractingPath("$.listed").isEqualTo(false);
		assertThat(client.put("/api/products/" + sku, admin, change("Lamp", "1"))).hasStatus(409);

		var unknown = uniqueSku();
		assertThat(client.put("/api/products/" + unknown, admin, change("Lamp", "1"))).hasStatus(404);
		assertThat(client.delete("/api/products/" + unknown, admin)).hasStatus(404);
		assertThat(client.post("/api/products/" + unknown + "/stock", admin, "{\"delta\": 1}")).hasStatus(404);
	}

	static String product(String sku, String name, String description, String category, String price, int stock) {
		return """
				{"sku": "%s", "name": "%s", "description": "%s", "category": %s,
				 "price": {"amount": %s, "currency": "EUR"}, "stock": %d}"""
				.formatted(sku, name, description, category == null ? "null" : "\"" + category + "\"", price, stock);
	}

	static String change(String name, String price) {
		return """
				{"name": "%s", "description": "", "price": {"amount": %s, "currency": "EUR"}}""".formatted(name, price);
	}
}
