package com.modularshop.notification;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.util.TestSocketUtils;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) for the notification tests, on one port per test JVM: every cached Spring context
 * that sends mail talks to whichever GreenMail currently runs on it. Delivery intervals and backoffs are short so the
 * tests stay fast.
 */
final class TestSmtp {

	static final int PORT = TestSocketUtils.findAvailableTcpPort();

	private TestSmtp() {}

	/** One server for the whole test class (register it {@code static}). */
	static GreenMailExtension server() {
		return new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
				.withPerMethodLifecycle(false);
	}

	static void properties(DynamicPropertyRegistry registry) {

		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> PORT);
		registry.add("spring.mail.properties[mail.smtp.connectiontimeout]", () -> 1000);
		registry.add("shop.notification.delivery.poll-interval", () -> "100ms");
		registry.add("shop.notification.delivery.initial-backoff", () -> "200ms");
		registry.add("shop.notification.delivery.multiplier", () -> "1.5");
		registry.add("shop.notification.delivery.max-backoff", () -> "1s");
		registry.add("shop.notification.delivery.max-attempts", () -> 12);
	}

	/** The messages the server received for the given address. */
	static List<MimeMessage> messagesTo(GreenMailExtension server, String email) {

		return Arrays.stream(server.getReceivedMessages()).filter(it -> isTo(it, email)).toList();
	}

	static String header(MimeMessage message, String name) {

		try {
			return message.getHeader(name, null);
		} catch (MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	static String subject(MimeMessage message) {

		try {
			return message.getSubject();
		} catch (MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	static String content(MimeMessage message) {

		try {
			return message.getContent().toString();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static boolean isTo(MimeMessage message, String email) {

		try {
			var recipients = message.getRecipients(RecipientType.TO);
			return recipients != null && Arrays.stream(recipients)
					.anyMatch(it -> ((InternetAddress) it).getAddress().equalsIgnoreCase(email));
		} catch (MessagingException e) {
			throw new IllegalStateException(e);
		}
	}
}
