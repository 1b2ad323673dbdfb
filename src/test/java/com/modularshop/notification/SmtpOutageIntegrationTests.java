package com.modularshop.notification;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.modularshop.notification.Delivery.Status;
import com.modularshop.notification.Notification.NotificationId;
import com.modularshop.notification.Notification.Type;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.testsupport.MovableClock;
import com.modularshop.user.events.UserRegistered;

/**
 * An SMTP outage of more than a day, in compressed time: the application's clock is moved forward instead of waiting.
 * The delivery settings are the production defaults (8 attempts, 30 s doubling to 1 h: a budget of about 63 minutes),
 * so the outage outlasts the attempt budget many times over. An unreachable server uses up no attempt, and once it is
 * back every email arrives exactly once.
 */
@ApplicationModuleTest
@Import(SmtpOutageIntegrationTests.Time.class)
class SmtpOutageIntegrationTests {

	static final Duration OUTAGE = Duration.ofHours(30);
	static final Duration STEP = Duration.ofMinutes(30);

	@RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

	@DynamicPropertySource
	static void smtpProperties(DynamicPropertyRegistry registry) {

		// only where the server is and how often the sender looks: the backoff and attempts are the defaults
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> TestSmtp.PORT);
		registry.add("shop.notification.delivery.poll-interval", () -> "20ms");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Time {

		@Bean
		MovableClock clock() {
			return new MovableClock();
		}
	}

	@Autowired MovableClock clock;
	@Autowired Notifications notifications;
	@Autowired DeliverySettings settings;
	@Autowired JdbcClient jdbc;

	@Test
	void anOutageLongerThanTheAttemptBudgetLosesNoEmailAndSendsEachOnce(Scenario scenario) {

		assertThat(settings.maxAttempts()).isEqualTo(8);
		assertThat(budgetOfAttempts()).isLessThan(Duration.ofHours(2));

		var registered = new UserRegistered(UUID.randomUUID(), UUID.randomUUID(),
				uniqueEmail("outage"), "Ada", Instant.now());
		var confirmed = new OrderConfirmed(UUID.randomUUID(), UUID.randomUUID(), registered.userId(),
				List.of(new OrderLine("SKU-1", "Thing", 1, new BigDecimal("9.99"), new BigDecimal("9.99"))),
				new BigDecimal("9.99"), "EUR", Instant.now());

		smtp.stop();
		List<NotificationId> ids;
		var triesOf = new HashMap<NotificationId, Set<Instant>>();

		try {
			// the recipient first: a confirmation taken up before its recipient is known waits for it, using an attempt
			scenario.stimulate((transaction, events) -> {
				transaction.executeWithoutResult(__ -> events.publishEvent(registered));
			}).andWaitForStateChange(() -> StoredNotifications.of(jdbc, notifications, registered.eventId(), Type.WELCOME),
					Optional::isPresent);
			scenario.stimulate((transaction, events) -> {
				transaction.executeWithoutResult(__ -> events.publishEvent(confirmed));
			}).andWaitForStateChange(() -> List.of(
					StoredNotifications.of(jdbc, notifications, registered.eventId(), Type.WELCOME),
					StoredNotifications.of(jdbc, notifications, confirmed.eventId(), Type.ORDER_CONFIRMED)),
					both -> both.stream().allMatch(it -> it.isPresent()))
					.andVerify(both -> assertThat(both).allSatisfy(it -> assertThat(it.orElseThrow().delivery().isPending())
							.as("pending while the SMTP server refuses").isTrue()));

			ids = List.of(
					StoredNotifications.of(jdbc, notifications, registered.eventId(), Type.WELCOME).orElseThrow().getId(),
					StoredNotifications.of(jdbc, notifications, confirmed.eventId(), Type.ORDER_CONFIRMED)
							.orElseThrow().getId());

			// Every step the sender tries one due email (then pauses) and is refused. Emails other tests left pending
			// in the shared table compete for that one try, so steps go on until ours were tried often enough.
			for (int step = 0; clock.offset().compareTo(OUTAGE) < 0
					|| ids.stream().anyMatch(id -> triesOf.getOrDefault(id, Set.of()).size() <= settings.maxAttempts());
					step++) {
				assertThat(step).as("steps of the outage").isLessThan(1_000);
				clock.advance(STEP);
				var now = clock.instant();
				await().atMost(Duration.ofSeconds(10)).until(() -> triedSince(now));
				ids.forEach(id -> triesOf.computeIfAbsent(id, __ -> new HashSet<>()).add(delivery(id).nextAttemptAt()));
			}

			assertThat(ids).allSatisfy(id -> {
				assertThat(delivery(id).status()).isEqualTo(Status.PENDING);
				assertThat(delivery(id).attempts()).isZero();
				assertThat(delivery(id).lastError()).isNotBlank();
				assertThat(triesOf.get(id)).hasSizeGreaterThan(settings.maxAttempts());
			});
		} finally {
			smtp.start();
		}

		clock.advance(settings.initialBackoff().plusSeconds(1));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids)
				.allSatisfy(id -> assertThat(delivery(id).status()).isEqualTo(Status.SENT)));

		assertThat(ids).allSatisfy(id -> assertThat(delivery(id).attempts()).isOne());
		assertThat(TestSmtp.messagesTo(smtp, registered.email()))
				.extracting(it -> TestSmtp.header(it, EmailDelivery.HEADER))
				.containsExactlyInAnyOrderElementsOf(ids.stream().map(it -> it.id().toString()).toList());
	}

	/** Whether the sender deferred or retried any email since the given time: its next attempt lies beyond it. */
	private boolean triedSince(Instant now) {
		return jdbc.sql("""
				SELECT count(*) FROM notification.notifications
				WHERE delivery_status = 'PENDING' AND delivery_next_attempt_at > :now""")
				.param("now", java.sql.Timestamp.from(now)).query(Integer.class).single() > 0;
	}

	private Delivery delivery(NotificationId id) {
		return notifications.findById(id).orElseThrow().delivery();
	}

	/** How long the attempts last that a failure of the email itself is given: the budget before this change. */
	private Duration budgetOfAttempts() {

		var total = Duration.ZERO;
		for (int failed = 1; failed < settings.maxAttempts(); failed++) {
			total = total.plus(settings.backoffAfter(failed));
		}

		return total;
	}
}
