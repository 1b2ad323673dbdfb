package com.modularshop.notification;

import static org.assertj.core.api.Assertions.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.user.events.UserRegistered;

/**
 * A notification's delivery rules without Spring: backoff, the attempt limit and final states.
 */
class NotificationUnitTests {

	static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	DeliverySettings settings = new DeliverySettings(Duration.ofSeconds(5), 4, Duration.ofSeconds(10), 3.0,
			Duration.ofMinutes(1), 50, "shop@shop.test");

	@Test
	void putsNoLinkAndNoLongTextOfTheUserIntoTheWelcomeEmail() {

		var name = "Click https://evil.example/reset?x=1 or www.evil.example now " + "and more ".repeat(30);
		var notification = Notification.welcome(new UserRegistered(UUID.randomUUID(), UUID.randomUUID(),
				"eve@shop.test", name, Instant.now()), Instant.now());

		for (var text : List.of(notification.subject(), notification.body())) {
			assertThat(text).doesNotContain("://", "evil.example", "www.", "?", "=");
		}
		assertThat(notification.subject()).hasSizeLessThanOrEqualTo("Welcome to modular-shop, ".length() + 40);
		assertThat(notification.subject()).startsWith("Welcome to modular-shop, Click https");
	}

	@Test
	void backsOffExponentiallyUpToTheMaximum() {

		assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofMinutes(1)); // 90 s, capped
		assertThat(settings.backoffAfter(30)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void retriesAFailedSendingAfterTheBackoffUntilTheAttemptsAreUsedUp() {

		var notification = welcome();
		var now = Instant.now();

		notification.recordFailedAttempt("550 mailbox unavailable", now, settings);

		assertThat(notification.delivery()).isEqualTo(
				new Delivery(Status.PENDING, 1, "550 mailbox unavailable", now.plusSeconds(10), null));

		notification.recordFailedAttempt("550 mailbox unavailable", now, settings);
		notification.recordFailedAttempt("550 mailbox unavailable", now, settings);
		notification.recordFailedAttempt("554 rejected", now, settings);

		assertThat(notification.delivery()).isEqualTo(new Delivery(Status.FAILED, 4, "554 rejected", null, null));
		assertThatIllegalStateException().isThrownBy(() -> notification.markSent(now));
	}

	@Test
	void anUnreachableServerUsesUpNoAttemptHoweverOftenItIsTried() {

		var notification = welcome();
		var now = Instant.now();

		for (int i = 0; i < 10 * settings.maxAttempts(); i++) {
			notification.defer("connection refused", now.plusSeconds(i));
		}

		assertThat(notification.delivery())
				.isEqualTo(new Delivery(Status.PENDING, 0, "connection refused", now.plusSeconds(39), null));
	}

	@Test
	void onlyAFailedNotificationIsRetriedAndWithAFreshBudget() {

		var now = Instant.now();
		var failed = welcome();
		while (failed.delivery().isPending()) {
			failed.recordFailedAttempt("554 rejected", now, settings);
		}

		assertThat(failed.retry(now).delivery()).isEqualTo(new Delivery(Status.PENDING, 0, "554 rejected", now, null));
		assertThatExceptionOfType(Notification.NotificationNotFailed.class).isThrownBy(() -> failed.retry(now));
		assertThatExceptionOfType(Notification.NotificationNotFailed.class)
				.isThrownBy(() -> welcome().markSent(now).retry(now));
	}

	@Test
	void skipsANotificationWhoseRecipientNeverBecomesKnown() {

		var notification = welcome();

		for (int i = 0; i < settings.maxAttempts(); i++) {
			notification.awaitRecipient(Instant.now(), settings);
		}

		assertThat(notification.delivery().status()).isEqualTo(Status.SKIPPED);
		assertThat(notification.delivery().lastError()).contains("not known");
	}

	@Test
	void aSentNotificationIsFinal() {

		var notification = welcome().markSent(Instant.now());

		assertThat(notification.delivery().status()).isEqualTo(Status.SENT);
		assertThat(notification.delivery().attempts()).isOne();
		assertThatIllegalStateException().isThrownBy(() -> notification.markSent(Instant.now()));
		assertThatIllegalStateException()
				.isThrownBy(() -> notification.recordFailedAttempt("late failure", Instant.now(), settings));
		assertThatIllegalStateException().isThrownBy(() -> notification.skip("late skip"));
	}

	@Test
	void namesTheOrderItsLinesAndTotal() {

		var orderId = UUID.randomUUID();
		var notification = Notification.orderConfirmed(new OrderConfirmed(UUID.randomUUID(), orderId,
				UUID.randomUUID(), List.of(new OrderLine("SKU-1", "Kettle", 3, new BigDecimal("20.00"),
						new BigDecimal("60.00"))), new BigDecimal("60.00"), "CHF", Instant.now()), NOW);

		assertThat(notification.subject()).isEqualTo("Your order %s is confirmed".formatted(orderId));
		assertThat(notification.body()).contains("3 x Kettle (SKU-1) at 20.00 CHF = 60.00 CHF", "Total: 60.00 CHF");
		assertThat(notification.delivery().isPending()).isTrue();
		assertThat(notification.createdAt()).isEqualTo(NOW);
		assertThat(notification.delivery().nextAttemptAt()).isEqualTo(NOW);
	}

	@Test
	void rejectsSettingsThatCouldNeverDeliver() {

		assertThatIllegalArgumentException().isThrownBy(() -> new DeliverySettings(Duration.ofSeconds(1), 0,
				Duration.ofSeconds(1), 2.0, Duration.ofSeconds(1), 1, "shop@shop.test"));
		assertThatIllegalArgumentException().isThrownBy(() -> new DeliverySettings(Duration.ofSeconds(1), 3,
				Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 1, "shop@shop.test"));
	}

	private static Notification welcome() {
		return Notification.welcome(new UserRegistered(UUID.randomUUID(), UUID.randomUUID(), "ada@shop.test", "Ada",
				Instant.now()), Instant.now());
	}
}
