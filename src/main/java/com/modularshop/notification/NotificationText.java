package com.modularshop.notification;

import java.math.BigDecimal;
import java.util.stream.Collectors;

import org.jmolecules.ddd.types.ValueObject;

import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.user.events.UserRegistered;

/**
 * What a notification says, written once from its event: the inbox shows it and the email sends it, so both say the
 * same however late the email goes out.
 */
record NotificationText(String subject, String body) implements ValueObject {

	static final int MAX_DISPLAYED_NAME = 40;

	static NotificationText welcome(UserRegistered event) {

		var name = displayName(event.name());

		return new NotificationText("Welcome to modular-shop, " + name, """
				Hello %s,

				your account %s is ready. Happy shopping!""".formatted(name, event.email()));
	}

	static NotificationText orderConfirmed(OrderConfirmed event) {

		var lines = event.lines().stream().map(it -> "- " + line(it, event.currency()))
				.collect(Collectors.joining("\n"));

		return new NotificationText("Your order %s is confirmed".formatted(event.orderId()), """
				Your order %s is confirmed and will be shipped:

				%s

				Total: %s""".formatted(event.orderId(), lines, money(event.total(), event.currency())));
	}

	static NotificationText orderRejected(OrderRejected event) {

		return new NotificationText("Your order %s could not be accepted".formatted(event.orderId()), """
				We are sorry: your order %s could not be accepted.

				Reason: %s""".formatted(event.orderId(), event.reason()));
	}

	static NotificationText orderCancelled(OrderCancelled event) {

		return new NotificationText("Your order %s is cancelled".formatted(event.orderId()), """
				Your order %s over %s is cancelled, as you asked."""
				.formatted(event.orderId(), money(event.total(), event.currency())));
	}

	/**
	 * A name as the emails show it. Anyone can register any name, and the email goes out from the shop's domain: only
	 * letters, digits, spaces, apostrophes and hyphens are kept (mail clients turn anything with {@code :}, {@code /}
	 * or {@code .} into a link) and at most {@value #MAX_DISPLAYED_NAME} characters, so a name cannot become a
	 * phishing message.
	 */
	static String displayName(String name) {

		var plain = name.replaceAll("[^\\p{L}\\p{M}\\p{N} '\\-]", " ").replaceAll("\\s+", " ").strip();

		if (plain.length() > MAX_DISPLAYED_NAME) {
			plain = plain.substring(0, MAX_DISPLAYED_NAME).strip();
		}

		return plain.isEmpty() ? "customer" : plain;
	}

	private static String line(OrderLine line, String currency) {
		return "%d x %s (%s) at %s = %s".formatted(line.quantity(), line.name(), line.sku(),
				money(line.unitPrice(), currency), money(line.lineTotal(), currency));
	}

	private static String money(BigDecimal amount, String currency) {
		return amount.toPlainString() + " " + currency;
	}
}
