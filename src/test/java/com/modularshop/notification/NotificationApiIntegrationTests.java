package com.modularshop.notification;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.jayway.jsonpath.JsonPath;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;
import com.modularshop.testsupport.ShopClient.SignedIn;

/**
 * The whole application: registering over HTTP sends a welcome email, order events (as the order module publishes
 * them) send order emails, and each customer reads only their own inbox.
 */
@SpringBootTest
@AutoConfigureMockMvc
class NotificationApiIntegrationTests {

	@RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

	@DynamicPropertySource
	static void smtpProperties(DynamicPropertyRegistry registry) {
		TestSmtp.properties(registry);
	}

	@Autowired MockMvcTester mvc;
	@Autowired ApplicationEventPublisher events;
	@Autowired PlatformTransactionManager transactionManager;
	@Autowired Notifications notifications;
	@Autowired DeliverySettings settings;
	ShopClient client;
	String admin;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = ForgedTokens.adminBearer();
	}

	@Test
	void welcomesARegisteredCustomerByEmailAndInTheInbox() {

		var customer = client.newCustomer();

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestSmtp.messagesTo(smtp, customer.email()))
				.singleElement().extracting(TestSmtp::subject).isEqualTo("Welcome to modular-shop, Test Customer"));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {

			var inbox = client.get("/api/notifications", customer.bearer());

			assertThat(inbox).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
			assertThat(inbox).bodyJson().extractingPath("$.content[0]").asMap()
					.containsOnlyKeys("id", "type", "subject", "body", "createdAt", "delivery");
			assertThat(inbox).bodyJson().extractingPath("$.content[0].type").isEqualTo("WELCOME");
			assertThat(inbox).bodyJson().extractingPath("$.content[0].body").asString().contains(customer.email());
			assertThat(inbox).bodyJson().extractingPath("$.content[0].delivery").asMap()
					.containsOnlyKeys("status", "attempts").containsEntry("status", "SENT").containsEntry("attempts", 1);
			assertThat(inbox).bodyJson().extractingPath("$.page").asMap()
					.containsEntry("totalElements", 1).containsEntry("number", 0);
		});
	}

	@Test
	void listsOrderNotificationsNewestFirstInPagesAndEmailsEachOnce() {

		var customer = client.newCustomer();
		awaitInboxSize(customer, 1);
		var confirmed = new OrderConfirmed(UUID.randomUUID(), UUID.randomUUID(), customer.id(),
				List.of(new OrderLine("SKU-BOOK", "A book", 2, new BigDecimal("12.50"), new BigDecimal("25.00"))),
				new BigDecimal("25.00"), "EUR", Instant.now());
		var rejected = new OrderRejected(UUID.randomUUID(), UUID.randomUUID(), customer.id(), "SKU-LAMP is sold out",
				Instant.now());
		var cancelled = new OrderCancelled(UUID.randomUUID(), confirmed.orderId(), customer.id(),
				new BigDecimal("25.00"), "EUR", Instant.now());

		publish(confirmed);
		awaitInboxSize(customer, 2);
		publish(rejected);
		awaitInboxSize(customer, 3);
		publish(cancelled);
		awaitInboxSize(customer, 4);

		var firstPage = client.get("/api/notifications?size=3", customer.bearer());
		assertThat(firstPage).bodyJson().extractingPath("$.content[*].type").asArray()
				.containsExactly("ORDER_CANCELLED", "ORDER_REJECTED", "ORDER_CONFIRMED");
		assertThat(firstPage).bodyJson().extractingPath("$.page").asMap().containsEntry("size", 3)
				.containsEntry("number", 0).containsEntry("totalElements", 4).containsEntry("totalPages", 2);
		assertThat(firstPage).bodyJson().extractingPath("$.content[1].body").asString()
				.contains("SKU-LAMP is sold out");
		assertThat(firstPage).bodyJson().extractingPath("$.content[2].body").asString()
				.contains("2 x A book (SKU-BOOK) at 12.50 EUR = 25.00 EUR", "Total: 25.00 EUR");

		var secondPage = client.get("/api/notifications?size=3&page=1", customer.bearer());
		assertThat(secondPage).bodyJson().extractingPath("$.content[*].type").asArray().containsExactly("WELCOME");

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestSmtp.messagesTo(smtp, customer.email()))
				.extracting(TestSmtp::subject).containsExactlyInAnyOrder("Welcome to modular-shop, Test Customer",
						"Your order %s is confirmed".formatted(confirmed.orderId()),
						"Your order %s could not be accepted".formatted(rejected.orderId()),
						"Your order %s is cancelled".formatted(cancelled.orderId())));
	}

	@Test
	void showsNobodyAnotherCustomersNotifications() {

		var alice = client.newCustomer();
		var bob = client.newCustomer();
		awaitInboxSize(bob, 1);
		publish(new OrderRejected(UUID.randomUUID(), UUID.randomUUID(), alice.id(), "alice's secret reason",
				Instant.now()));
		awaitInboxSize(alice, 2);

		var bobsInbox = client.get("/api/notifications?size=100", bob.bearer());

		assertThat(bobsInbox).bodyJson().extractingPath("$.content[*].type").asArray().containsExactly("WELCOME");
		assertThat(ShopClient.body(bobsInbox)).doesNotContain("alice's secret reason");

		// even a recipient id in the query changes nothing: the caller is the token's subject
		assertThat(client.get("/api/notifications?recipientId=" + alice.id(), bob.bearer())).bodyJson()
				.extractingPath("$.page.totalElements").isEqualTo(1);

		assertThat(client.get("/api/notifications", null)).hasStatus(401)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void capsThePageSize() {

		var customer = client.newCustomer();

		assertThat(client.get("/api/notifications?size=5000", customer.bearer())).bodyJson()
				.extractingPath("$.page.size").isEqualTo(NotificationController.MAX_PAGE_SIZE);
	}

	@Test
	void letsAnAdministratorRetryAFailedEmailWhichThenArrivesOnce() {

		var customer = client.newCustomer();
		awaitInboxSize(customer, 1);
		var failed = failedNotificationFor(customer);

		var listed = client.get("/api/admin/notifications?status=FAILED&size=100", admin);
		assertThat(listed).hasStatusOk();
		assertThat(listed).bodyJson().extractingPath("$.content[?(@.id == '%s')].delivery.lastError"
				.formatted(failed.getId().id())).asArray().containsExactly("550 mailbox unavailable");

		var retried = client.post("/api/admin/notifications/%s/retry".formatted(failed.getId().id()), admin, "");
		assertThat(retried).hasStatus(202);
		assertThat(retried).bodyJson().extractingPath("$.delivery.status").isEqualTo("PENDING");
		assertThat(retried).bodyJson().extractingPath("$.delivery.attempts").isEqualTo(0);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestSmtp.messagesTo(smtp, customer.email()))
				.extracting(it -> TestSmtp.header(it, EmailDelivery.HEADER)).contains(failed.getId().id().toString()));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(notifications.findById(failed.getId()))
				.get().extracting(it -> it.delivery().status()).isEqualTo(Delivery.Status.SENT));

		// sent now: retrying again is a conflict, and the email arrived once
		assertThat(client.post("/api/admin/notifications/%s/retry".formatted(failed.getId().id()), admin, ""))
				.hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson()
				.extractingPath("$.type").asString().endsWith("/notification-not-failed");
		assertThat(TestSmtp.messagesTo(smtp, customer.email()))
				.extracting(it -> TestSmtp.header(it, EmailDelivery.HEADER))
				.filteredOn(failed.getId().id().toString()::equals).hasSize(1);
	}

	@Test
	void letsAnAdministratorRetryEveryFailedEmailAtOnce() {

		var customer = client.newCustomer();
		awaitInboxSize(customer, 1);
		var first = failedNotificationFor(customer);
		var second = failedNotificationFor(customer);

		var retried = client.post("/api/admin/notifications/retry", admin, "");

		assertThat(retried).hasStatus(202);
		assertThat((Integer) JsonPath.read(ShopClient.body(retried), "$.retried")).isGreaterThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(TestSmtp.messagesTo(smtp, customer.email()))
				.extracting(it -> TestSmtp.header(it, EmailDelivery.HEADER))
				.contains(first.getId().id().toString(), second.getId().id().toString()));
	}

	@Test
	void answersBadRetriesWithProblemsAndOnlyAdministrators() {

		var customer = client.newCustomer();
		var unknown = UUID.randomUUID();

		assertThat(client.post("/api/admin/notifications/%s/retry".formatted(unknown), admin, "")).hasStatus(404)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.type").asString()
				.endsWith("/notification-not-found");
		assertThat(client.post("/api/admin/notifications/not-a-uuid/retry", admin, "")).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.get("/api/admin/notifications?status=LOST", admin)).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.get("/api/admin/notifications", customer.bearer())).hasStatus(403)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.post("/api/admin/notifications/retry", customer.bearer(), "")).hasStatus(403);
		assertThat(client.post("/api/admin/notifications/%s/retry".formatted(unknown), null, "")).hasStatus(401)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	/** A notification whose email the server refused until the attempts ran out. */
	private Notification failedNotificationFor(SignedIn customer) {

		var notification = Notification.orderRejected(new OrderRejected(UUID.randomUUID(), UUID.randomUUID(),
				customer.id(), "out of stock", Instant.now()), Instant.now());
		while (notification.delivery().isPending()) {
			notification.recordFailedAttempt("550 mailbox unavailable", Instant.now(), settings);
		}

		return notifications.save(notification);
	}

	private void publish(Object event) {
		new TransactionTemplate(transactionManager).executeWithoutResult(__ -> events.publishEvent(event));
	}

	private void awaitInboxSize(SignedIn customer, int size) {

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var inbox = client.get("/api/notifications?size=100", customer.bearer());
			assertThat((Integer) JsonPath.read(ShopClient.body(inbox), "$.page.totalElements")).isEqualTo(size);
		});
	}
}
