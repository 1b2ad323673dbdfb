package com.modularshop.notification;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.notification.Notification.Type;
import com.modularshop.user.events.UserRegistered;

/**
 * Without {@code spring.mail.host} the inbox still fills, and every notification says why no email went out.
 */
@ApplicationModuleTest
class NotificationWithoutSmtpIntegrationTests {

	@Autowired Notifications notifications;
	@Autowired JdbcClient jdbc;
	@Autowired(required = false) JavaMailSender mailSender;

	@Test
	void storesNotificationsAsSkippedWhenNoSmtpServerIsConfigured(Scenario scenario) {

		assertThat(mailSender).isNull();

		var registered = new UserRegistered(UUID.randomUUID(), UUID.randomUUID(),
				uniqueEmail("no-smtp"), "Ada", Instant.now());

		scenario.publish(registered)
				.andWaitForStateChange(
						() -> StoredNotifications.of(jdbc, notifications, registered.eventId(), Type.WELCOME))
				.andVerify(welcome -> {
					assertThat(welcome.get().delivery().status()).isEqualTo(Status.SKIPPED);
					assertThat(welcome.get().delivery().lastError()).isEqualTo(Inbox.NO_SMTP);
					assertThat(welcome.get().delivery().attempts()).isZero();
				});
	}
}
