package com.modularshop.notification;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.modularshop.notification.Delivery.Status;
import com.modularshop.notification.Notification.Type;
import com.modularshop.notification.Notification.NotificationId;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserProfileUpdated;
import com.modularshop.testsupport.EventRecorder;
import com.modularshop.user.events.UserRegistered;

/**
 * The notification module alone, driven only by published user and order events, sending to a real SMTP server.
 */
@ApplicationModuleTest
@Import(EventRecorder.class)
class NotificationModuleIntegrationTests {

	@RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

	@DynamicPropertySource
	static void smtpProperties(DynamicPropertyRegistry registry) {
		TestSmtp.properties(registry);
	}

	@Autowired Notifications notifications;
	@Autowired Recipients recipients;
	@Autowired EventPublicationRegistry registry;
	@Autowired JdbcClient jdbc;
	@Autowired Inbox inbox;
	@Autowired PlatformTransactionManager transactionManager;
	@Autowired EventRecorder events;

	@Test
	void welcomesANewUserByEmail(Scenario scenario) {

		var registered = registered();

		scenario.publish(registered)
				.andWaitForStateChange(() -> notification(registered.eventId(), Type.WELCOME), isSent())
				.andVerify(welcome -> {
					assertThat(welcome.get().recipientId()).isEqualTo(registered.userId());
					assertThat(welcome.get().subject()).contains("Ada");
					assertThat(welcome.get().delivery().attempts()).isOne();

					var emails = TestSmtp.messagesTo(smtp, registered.email());
					assertThat(emails).singleElement().satisfies(email -> {
						assertThat(TestSmtp.subject(email)).isEqualTo(welcome.get().subject());
						assertThat(TestSmtp.content(email)).contains("Hello Ada", registered.email());
						assertThat(TestSmtp.header(email, EmailDelivery.HEADER))
								.isEqualTo(welcome.get().getId().id().toString());
					});
				});

		assertThat(recipients.find(registered.userId())).hasValueSatisfying(it -> {
			assertThat(it.email()).isEqualTo(registered.email());
			assertThat(it.active()).isTrue();
		});
	}

	@Test
	void emailsTheConfirmationWithLinesAndTotalButNothingOnPlacement(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var orderId = UUID.randomUUID();
		var lines = List.of(new OrderLine("SKU-MUG", "Mug", 2, new BigDecimal("7.50"), new BigDecimal("15.00")),
				new OrderLine("SKU-TEA", "Green tea", 1, new BigDecimal("4.20"), new BigDecimal("4.20")));
		var placed = new OrderPlaced(UUID.randomUUID(), orderId, customer.userId(), lines, new BigDecimal("19.20"),
				"EUR", Instant.now());
		var confirmed = new OrderConfirmed(UUID.randomUUID(), orderId, customer.userId(), lines,
				new BigDecimal("19.20"), "EUR", Instant.now());

		scenario.publish(placed).andWaitForStateChange(() -> delivered(placed))
				.andVerify(__ -> assertThat(countOf(placed.eventId())).as("notified of the placement").isZero());
		scenario.publish(confirmed)
				.andWaitForStateChange(() -> notification(confirmed.eventId(), Type.ORDER_CONFIRMED), isSent())
				.andVerify(notification -> {
					assertThat(notification.get().subject()).contains(orderId.toString());
					assertThat(notification.get().body()).contains("2 x Mug (SKU-MUG) at 7.50 EUR = 15.00 EUR",
							"1 x Green tea (SKU-TEA) at 4.20 EUR = 4.20 EUR", "Total: 19.20 EUR");
					assertThat(TestSmtp.messagesTo(smtp, customer.email()))
							.extracting(TestSmtp::subject)
							.containsExactlyInAnyOrder("Welcome to modular-shop, Ada", notification.get().subject());
				});

		assertThat(typesOf(customer.userId())).containsExactlyInAnyOrder(Type.WELCOME, Type.ORDER_CONFIRMED);
	}

	@Test
	void emailsRejectionWithTheReasonAndCancellationWithTheTotal(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var rejected = new OrderRejected(UUID.randomUUID(), UUID.randomUUID(), customer.userId(),
				"SKU-MUG is out of stock", Instant.now());
		var cancelled = new OrderCancelled(UUID.randomUUID(), UUID.randomUUID(), customer.userId(),
				new BigDecimal("12.34"), "EUR", Instant.now());

		scenario.publish(rejected)
				.andWaitForStateChange(() -> notification(rejected.eventId(), Type.ORDER_REJECTED), isSent())
				.andVerify(it -> assertThat(it.get().body())
						.contains(rejected.orderId().toString(), "Reason: SKU-MUG is out of stock"));
		scenario.publish(cancelled)
				.andWaitForStateChange(() -> notification(cancelled.eventId(), Type.ORDER_CANCELLED), isSent())
				.andVerify(it -> assertThat(it.get().body()).contains(cancelled.orderId().toString(), "12.34 EUR"));

		assertThat(TestSmtp.messagesTo(smtp, customer.email())).extracting(TestSmtp::content)
				.anySatisfy(it -> assertThat(it).contains("SKU-MUG is out of stock"))
				.anySatisfy(it -> assertThat(it).contains("12.34 EUR"));
	}

	@Test
	void sendsNoConfirmationForAnOrderItAlreadyKnowsAsCancelled(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var confirmed = confirmed(customer.userId());
		var cancelled = new OrderCancelled(UUID.randomUUID(), confirmed.orderId(), customer.userId(),
				confirmed.total(), "EUR", Instant.now());

		scenario.publish(cancelled)
				.andWaitForStateChange(() -> notification(cancelled.eventId(), Type.ORDER_CANCELLED), isSent())
				.andVerify(it -> assertThat(it.get().recipientId()).isEqualTo(customer.userId()));
		// the confirmation's delivery was retried and arrives after the cancellation
		scenario.publish(confirmed).andWaitForStateChange(() -> delivered(confirmed))
				.andVerify(__ -> assertThat(countOf(confirmed.eventId())).isZero());

		assertThat(TestSmtp.messagesTo(smtp, customer.email())).extracting(TestSmtp::subject)
				.containsExactlyInAnyOrder("Welcome to modular-shop, Ada",
						"Your order %s is cancelled".formatted(confirmed.orderId()));
	}

	@Test
	void aRedeliveredEventChangesNothing(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var confirmed = confirmed(customer.userId());

		scenario.publish(confirmed)
				.andWaitForStateChange(() -> notification(confirmed.eventId(), Type.ORDER_CONFIRMED), isSent())
				.andVerify(it -> assertThat(it.get().delivery().attempts()).isOne());
		var first = notification(confirmed.eventId(), Type.ORDER_CONFIRMED).orElseThrow();

		scenario.publish(confirmed).andWaitForStateChange(() -> delivered(confirmed)).andVerify(__ -> {
			var after = notification(confirmed.eventId(), Type.ORDER_CONFIRMED).orElseThrow();
			assertThat(after.getId()).isEqualTo(first.getId());
			assertThat(after.delivery()).isEqualTo(first.delivery());
			assertThat(countOf(confirmed.eventId())).isOne();
			assertThat(TestSmtp.messagesTo(smtp, customer.email())).hasSize(2); // welcome and confirmation
		});
	}

	@Test
	void anEventDeliveredTwiceStoresOneNotificationAndBothDeliveriesCommit() {

		var registered = registered();

		// each delivery's publication is completed only when its listener's transaction committed
		events.deliverTwice(registered, registered.eventId());

		assertThat(countOf(registered.eventId())).isOne();
		assertThat(recipients.find(registered.userId())).isPresent();
		await().atMost(Duration.ofSeconds(20))
				.until(() -> notification(registered.eventId(), Type.WELCOME), isSent());
		assertThat(TestSmtp.messagesTo(smtp, registered.email())).hasSize(1);
	}

	@Test
	void aDuplicateLeavesTheTransactionUsable() {

		var registered = registered();

		new TransactionTemplate(transactionManager).executeWithoutResult(__ -> {
			assertThat(notifications.insertIfAbsent(Notification.welcome(registered, Instant.now()))).isTrue();
			assertThat(notifications.insertIfAbsent(Notification.welcome(registered, Instant.now()))).isFalse();
			inbox.add(Notification.welcome(registered, Instant.now()));
			// would fail if the duplicate had aborted the transaction
			recipients.recordProfile(registered.userId(), registered.email(), registered.name(),
					registered.registeredAt());
		});

		assertThat(countOf(registered.eventId())).isOne();
		assertThat(recipients.find(registered.userId())).isPresent();
	}

	@Test
	void anInsertedNotificationHasTheVersionOfARepositorySaveAndSavesAsUsual() {

		var farFuture = Instant.parse("3000-01-01T00:00:00Z");
		var saved = parked(farFuture);
		var inserted = Notification.welcome(registered(), Instant.now()).recordFailedAttempt("parked", farFuture,
				new DeliverySettings(Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 1,
						"shop@shop.test"));

		try {
			assertThat(notifications.insertIfAbsent(inserted)).isTrue();
			assertThat(version(inserted.getId())).isEqualTo(version(saved.getId()));

			var loaded = notifications.findById(inserted.getId()).orElseThrow();
			var stale = notifications.findById(inserted.getId()).orElseThrow();
			assertThat(loaded.delivery()).isEqualTo(inserted.delivery());
			assertThat(loaded.subject()).isEqualTo(inserted.subject());
			assertThat(loaded.createdAt()).isCloseTo(inserted.createdAt(), within(1, ChronoUnit.MICROS));

			notifications.save(loaded.skip("test"));
			assertThat(version(inserted.getId())).isEqualTo(version(saved.getId()) + 1);
			assertThatExceptionOfType(OptimisticLockingFailureException.class)
					.isThrownBy(() -> notifications.save(stale.skip("stale")));
		} finally {
			notifications.deleteById(saved.getId());
			notifications.deleteById(inserted.getId());
		}
	}

	@Test
	void losingTheRaceAgainstAConcurrentDeliveryKeepsTheRestOfTheTransaction() throws Exception {

		var registered = registered();
		var transactions = new TransactionTemplate(transactionManager);
		var executor = Executors.newSingleThreadExecutor();

		try {
			var concurrent = new Future<?>[1];

			transactions.executeWithoutResult(__ -> {

				inbox.add(Notification.welcome(registered, Instant.now()));

				// The second delivery cannot see the first one's uncommitted row, so it inserts too and must wait for
				// the unique index; only then does the first one commit.
				concurrent[0] = executor.submit(() -> transactions.executeWithoutResult(___ -> {
					inbox.add(Notification.welcome(registered, Instant.now()));
					recipients.recordProfile(registered.userId(), registered.email(), registered.name(),
							registered.registeredAt());
				}));
				await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
						SELECT count(*) FROM pg_stat_activity
						WHERE wait_event_type = 'Lock' AND query LIKE '%notifications%'""").query(Integer.class).single(),
						waiting -> waiting > 0);
			});

			concurrent[0].get(10, TimeUnit.SECONDS);
		} finally {
			executor.shutdownNow();
		}

		assertThat(countOf(registered.eventId())).isOne();
		assertThat(recipients.find(registered.userId())).isPresent();
	}

	@Test
	void twoSendersNeverClaimTheSameNotification() throws Exception {

		// due only in the far future, so the running sender leaves them alone; claimed "from the future" here
		var farFuture = Instant.parse("3000-01-01T00:00:00Z");
		var mine = List.of(parked(farFuture), parked(farFuture));
		var transactions = new TransactionTemplate(transactionManager);
		var executor = Executors.newSingleThreadExecutor();

		try {
			transactions.executeWithoutResult(__ -> {

				var first = notifications.claimNextDue(farFuture.plus(Duration.ofDays(1))).orElseThrow();
				var second = executor.submit(() -> transactions.execute(
						___ -> notifications.claimNextDue(farFuture.plus(Duration.ofDays(1))).orElseThrow()));

				try {
					assertThat(second.get(10, TimeUnit.SECONDS).getId()).isNotEqualTo(first.getId());
				} catch (Exception e) {
					throw new IllegalStateException(e);
				}
			});
		} finally {
			executor.shutdownNow();
			mine.forEach(notifications::delete);
		}
	}

	@Test
	void retriesThroughAnSmtpOutageAndSendsEachEmailOnce(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var confirmed = confirmed(customer.userId());
		var rejected = new OrderRejected(UUID.randomUUID(), UUID.randomUUID(), customer.userId(), "no stock",
				Instant.now());

		smtp.stop();
		try {
			scenario.stimulate((transaction, events) -> {
				transaction.executeWithoutResult(__ -> {
					events.publishEvent(confirmed);
					events.publishEvent(rejected);
				});
			}).andWaitForStateChange(() -> List.of(notification(confirmed.eventId(), Type.ORDER_CONFIRMED),
					notification(rejected.eventId(), Type.ORDER_REJECTED)),
					both -> both.stream().allMatch(it -> it.filter(triedInVain()).isPresent()))
					.andVerify(both -> assertThat(both).allSatisfy(it -> {
						assertThat(it.get().delivery().status()).isEqualTo(Status.PENDING);
						// an unreachable server uses up no attempt
						assertThat(it.get().delivery().attempts()).isZero();
					}));
		} finally {
			smtp.start();
		}

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(notification(confirmed.eventId(), Type.ORDER_CONFIRMED)).get()
					.extracting(it -> it.delivery().status()).isEqualTo(Status.SENT);
			assertThat(notification(rejected.eventId(), Type.ORDER_REJECTED)).get()
					.extracting(it -> it.delivery().status()).isEqualTo(Status.SENT);
		});

		var ids = List.of(notification(confirmed.eventId(), Type.ORDER_CONFIRMED).orElseThrow().getId().id().toString(),
				notification(rejected.eventId(), Type.ORDER_REJECTED).orElseThrow().getId().id().toString());
		assertThat(TestSmtp.messagesTo(smtp, customer.email())).extracting(it -> TestSmtp.header(it, EmailDelivery.HEADER))
				.filteredOn(ids::contains)
				.containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void aDeactivatedRecipientGetsNoEmail(Scenario scenario) {

		var customer = knownCustomer(scenario);
		var deactivated = new UserDeactivated(UUID.randomUUID(), customer.userId(), Instant.now());
		var confirmed = confirmed(customer.userId());

		scenario.publish(deactivated).andWaitForStateChange(() -> recipients.find(customer.userId())
				.filter(it -> !it.active()))
				.andVerify(it -> assertThat(it.get().email()).as("profile kept").isEqualTo(customer.email()));
		scenario.publish(confirmed)
				.andWaitForStateChange(() -> notification(confirmed.eventId(), Type.ORDER_CONFIRMED),
						has(Status.SKIPPED))
				.andVerify(it -> assertThat(it.get().delivery().lastError()).isEqualTo(EmailDelivery.DEACTIVATED));

		assertThat(TestSmtp.messagesTo(smtp, customer.email())).extracting(TestSmtp::subject)
				.containsExactly("Welcome to modular-shop, Ada");
	}

	@Test
	void aDeactivationArrivingBeforeTheRegistrationStillSilencesTheRecipient(Scenario scenario) {

		var userId = UUID.randomUUID();
		var registered = new UserRegistered(UUID.randomUUID(), userId, uniqueEmail(), "Eve", Instant.now());

		scenario.publish(new UserDeactivated(UUID.randomUUID(), userId, Instant.now()))
				.andWaitForStateChange(() -> recipients.find(userId))
				.andVerify(it -> assertThat(it.get()).satisfies(recipient -> {
					assertThat(recipient.active()).isFalse();
					assertThat(recipient.isKnown()).isFalse();
				}));
		scenario.publish(registered)
				.andWaitForStateChange(() -> notification(registered.eventId(), Type.WELCOME), has(Status.SKIPPED))
				.andVerify(__ -> assertThat(recipients.find(userId)).get()
						.satisfies(it -> assertThat(it.active()).isFalse())
						.satisfies(it -> assertThat(it.email()).isEqualTo(registered.email())));

		assertThat(TestSmtp.messagesTo(smtp, registered.email())).isEmpty();
	}

	@Test
	void holdsAnOrderEmailUntilTheRecipientBecomesKnown(Scenario scenario) {

		var userId = UUID.randomUUID();
		var confirmed = confirmed(userId);
		var registered = new UserRegistered(UUID.randomUUID(), userId, uniqueEmail(), "Late", Instant.now());

		scenario.publish(confirmed)
				.andWaitForStateChange(() -> notification(confirmed.eventId(), Type.ORDER_CONFIRMED),
						it -> it.filter(n -> n.delivery().attempts() >= 1).isPresent())
				.andVerify(it -> {
					assertThat(it.get().delivery().status()).isEqualTo(Status.PENDING);
					assertThat(it.get().delivery().lastError()).contains("not known");
				});
		scenario.publish(registered)
				.andWaitForStateChange(() -> notification(confirmed.eventId(), Type.ORDER_CONFIRMED), isSent())
				.andVerify(__ -> assertThat(TestSmtp.messagesTo(smtp, registered.email())).extracting(TestSmtp::subject)
						.contains("Your order %s is confirmed".formatted(confirmed.orderId())));
	}

	@Test
	void keepsTheNewestProfileWhateverOrderTheEventsArriveIn(Scenario scenario) {

		var userId = UUID.randomUUID();
		var registeredAt = Instant.now().minusSeconds(60);
		var newEmail = uniqueEmail();
		var updated = new UserProfileUpdated(UUID.randomUUID(), userId, newEmail, "Ada Lovelace", Instant.now());
		var registered = new UserRegistered(UUID.randomUUID(), userId, uniqueEmail(), "Ada", registeredAt);

		scenario.publish(updated).andWaitForStateChange(() -> recipients.find(userId))
				.andVerify(it -> assertThat(it.get().email()).isEqualTo(newEmail));
		scenario.publish(registered)
				.andWaitForStateChange(() -> notification(registered.eventId(), Type.WELCOME), isSent())
				.andVerify(__ -> {
					assertThat(recipients.find(userId)).get()
							.satisfies(it -> assertThat(it.email()).isEqualTo(newEmail))
							.satisfies(it -> assertThat(it.name()).isEqualTo("Ada Lovelace"));
					// the welcome goes to the current address
					assertThat(TestSmtp.messagesTo(smtp, newEmail)).hasSize(1);
					assertThat(TestSmtp.messagesTo(smtp, registered.email())).isEmpty();
				});
	}

	private UserRegistered knownCustomer(Scenario scenario) {

		var registered = registered();
		scenario.publish(registered)
				.andWaitForStateChange(() -> notification(registered.eventId(), Type.WELCOME), isSent())
				.andVerify(__ -> assertThat(TestSmtp.messagesTo(smtp, registered.email())).hasSize(1));

		return registered;
	}

	private Notification parked(Instant at) {

		var settings = new DeliverySettings(Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 1.0,
				Duration.ofSeconds(1), 1, "shop@shop.test");

		return notifications.save(Notification.welcome(registered(), Instant.now()).recordFailedAttempt("parked", at, settings));
	}

	private Optional<Notification> notification(UUID eventId, Type type) {
		return StoredNotifications.of(jdbc, notifications, eventId, type);
	}

	/** Every delivery of the event to this module's listeners has completed. */
	private boolean delivered(Object event) {
		return registry.findIncompletePublications().stream().noneMatch(it -> it.getEvent().equals(event));
	}

	private long version(NotificationId id) {
		return jdbc.sql("SELECT version FROM notification.notifications WHERE id = :id").param("id", id.id())
				.query(Long.class).single();
	}

	private int countOf(UUID eventId) {
		return jdbc.sql("SELECT count(*) FROM notification.notifications WHERE event_id = :id").param("id", eventId)
				.query(Integer.class).single();
	}

	private List<Type> typesOf(UUID recipientId) {
		return jdbc.sql("SELECT type FROM notification.notifications WHERE recipient_id = :id")
				.param("id", recipientId).query(String.class).list().stream().map(Type::valueOf).toList();
	}

	private static Predicate<Optional<Notification>> isSent() {
		return has(Status.SENT);
	}

	private static Predicate<Optional<Notification>> has(Status status) {
		return it -> it.filter(n -> n.delivery().status() == status).isPresent();
	}

	private static Predicate<Notification> triedInVain() {
		return it -> it.delivery().lastError() != null;
	}

	private static UserRegistered registered() {
		return new UserRegistered(UUID.randomUUID(), UUID.randomUUID(), uniqueEmail(), "Ada", Instant.now());
	}

	private static OrderConfirmed confirmed(UUID customerId) {
		return new OrderConfirmed(UUID.randomUUID(), UUID.randomUUID(), customerId,
				List.of(new OrderLine("SKU-1", "Thing", 1, new BigDecimal("9.99"), new BigDecimal("9.99"))),
				new BigDecimal("9.99"), "EUR", Instant.now());
	}
}
