package com.modularshop;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.modularshop.client.ApiClient;
import com.modularshop.client.ApiException;
import com.modularshop.client.api.CatalogApi;
import com.modularshop.client.api.NotificationApi;
import com.modularshop.client.api.OrderApi;
import com.modularshop.client.api.UserApi;
import com.modularshop.client.model.Credentials;
import com.modularshop.client.model.NewOrder;
import com.modularshop.client.model.NewProduct;
import com.modularshop.client.model.Price;
import com.modularshop.client.model.Registration;
import com.modularshop.client.model.RequestedLine;

/**
 * The whole shopping journey through the Java client generated from the committed {@code docs/api/openapi.json}
 * (see the POM), over real HTTP: if the description lied about a status, a body or a type, this client would
 * throw or not compile.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"shop.user.admin.email=generated-client-admin@shop.test", "shop.user.admin.password=generated-client-secret" })
class GeneratedClientIntegrationTests {

	@LocalServerPort int port;

	@Test
	void registersSignsInListsOrdersAndReadsTheConfirmation() throws ApiException {

		var anonymous = new UserApi(client(null));
		var email = uniqueEmail("client");

		var account = anonymous.register(new Registration().email(email).name("Grace").password("correct horse battery"));
		assertThat(account.getEmail()).isEqualTo(email);
		assertThat(account.getRoles()).containsExactly("CUSTOMER");

		var customer = client(anonymous.issueToken(new Credentials().email(email).password("correct horse battery"))
				.getAccessToken());
		var admin = client(anonymous.issueToken(new Credentials().email("generated-client-admin@shop.test")
				.password("generated-client-secret")).getAccessToken());

		assertThat(new UserApi(customer).me().getId()).isEqualTo(account.getId());

		var sku = "CLIENT-" + UUID.randomUUID();
		var listed = new CatalogApi(admin).listProduct(new NewProduct().sku(sku).name("Earl grey").category("tea")
				.price(new Price().amount(new BigDecimal("4.50")).currency("EUR")).stock(10));
		assertThat(listed.getAvailable()).isEqualTo(10);

		// the order module learns about the product from ProductListed, asynchronously: until then placing answers
		// 422; the idempotency key makes the retries place one order
		var orders = new OrderApi(customer);
		var order = new NewOrder().addLinesItem(new RequestedLine().sku(sku).quantity(3));
		var key = UUID.randomUUID().toString();
		var placed = await().atMost(Duration.ofSeconds(20)).ignoreException(ApiException.class)
				.until(() -> orders.placeOrder(order, key), it -> it != null);

		assertThat(placed.getStatus()).isEqualTo("PLACED");
		assertThat(placed.getTotal()).isEqualByComparingTo("13.50");

		await().atMost(Duration.ofSeconds(20)).until(() -> orders.findOrder(placed.getId()).getStatus(),
				"CONFIRMED"::equals);
		assertThat(new CatalogApi(customer).findProduct(sku).getAvailable()).isEqualTo(7);

		var notifications = new NotificationApi(customer);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notifications.myNotifications(0, 20)
				.getContent()).anySatisfy(it -> {
					assertThat(it.getType()).isEqualTo("ORDER_CONFIRMED");
					assertThat(it.getSubject()).contains(placed.getId().toString());
				}));
	}

	private ApiClient client(String token) {

		var client = new ApiClient().setScheme("http").setHost("localhost").setPort(port);

		if (token != null) {
			client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
		}

		return client;
	}
}
