package com.modularshop.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderLine;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.user.events.UserRegistered;

/**
 * One message to one user, caused by one event: what the inbox shows, and the state of its email. Its texts are
 * fixed when it is created from the event, so the inbox and the email say the same thing however late the email goes
 * out. At most one exists per (source event, type).
 */
@Table(schema = "notification", name = "notifications")
class Notification implements AggregateRoot<Notification, Notification.NotificationId> {

	static final int MAX_DISPLAYED_NAME = 40;

	record NotificationId(UUID id) implements Identifier {}

	enum Type {
		WELCOME, ORDER_CONFIRMED, ORDER_REJECTED, ORDER_CANCELLED
	}

	private final @Id NotificationId id;
	private final UUID eventId;
	private final Type type;
	private final UUID recipientId;
	private final String subject;
	private final String body;
	private final Instant createdAt;
	private @Embedded.Nullable(prefix = "delivery_") Delivery delivery;
	private @Version Long version;

	@PersistenceCreator
	Notification(NotificationId id, UUID eventId, Type type, UUID recipientId, String subject, String body,
			Instant createdAt, Delivery delivery, Long version) {

		this.id = id;
		this.eventId = eventId;
		this.type = type;
		this.recipientId = recipientId;
		this.subject = subject;
		this.body = body;
		this.createdAt = createdAt;
		this.delivery = delivery;
		this.version = version;
	}

	private static Notification create(UUID eventId, Type type, UUID recipientId, String subject, String body) {

		var now = Instant.now();

		return new Notification(new NotificationId(UUID.randomUUID()), eventId, type, recipientId, subject, body, now,
				Delivery.dueAt(now), null);
	}

	static Notification welcome(UserRegistered event) {

		var name = displayName(event.name());

		return create(event.eventId(), Type.WELCOME, event.userId(), "Welcome to modular-shop, " + name, """
				Hello %s,

				your account %s is ready. Happy shopping!""".formatted(name, event.email()));
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

	static Notification orderConfirmed(OrderConfirmed event) {

		var lines = event.lines().stream().map(it -> "- " + line(it, event.currency()))
				.collect(Collectors.joining("\n"));

		return create(event.eventId(), Type.ORDER_CONFIRMED, event.customerId(),
				"Your order %s is confirmed".formatted(event.orderId()), """
						Your order %s is confirmed and will be shipped:

						%s

						Total: %s""".formatted(event.orderId(), lines, money(event.total(), event.currency())));
	}

	static Notification orderRejected(OrderRejected event) {

		return create(event.eventId(), Type.ORDER_REJECTED, event.customerId(),
				"Your order %s could not be accepted".formatted(event.orderId()), """
						We are sorry: your order %s could not be accepted.

						Reason: %s""".formatted(event.orderId(), event.reason()));
	}

	static Notification orderCancelled(OrderCancelled event) {

		return create(event.eventId(), Type.ORDER_CANCELLED, event.customerId(),
				"Your order %s is cancelled".formatted(event.orderId()), """
						Your order %s over %s is cancelled, as you asked."""
						.formatted(event.orderId(), money(event.total(), event.currency())));
	}

	private static String line(OrderLine line, String currency) {
		return "%d x %s (%s) at %s = %s".formatted(line.quantity(), line.name(), line.sku(),
				money(line.unitPrice(), currency), money(line.lineTotal(), currency));
	}

	private static String money(BigDecimal amount, String currency) {
		return amount.toPlainString() + " " + currency;
	}

	Notification sent(Instant at) {

		requirePending();
		delivery = delivery.sent(at);

		return this;
	}

	Notification skipped(String reason) {

		requirePending();
		delivery = delivery.skipped(reason);

		return this;
	}

	/** Sending failed: retried after a backoff until the attempts are used up, then FAILED. */
	Notification sendingFailed(String error, Instant now, DeliverySettings settings) {

		requirePending();
		delivery = delivery.failed(error, now, settings, Status.FAILED);

		return this;
	}

	/** The SMTP server could not be reached: waits until {@code until} without using up an attempt. */
	Notification sendingDeferred(String error, Instant until) {

		requirePending();
		delivery = delivery.deferred(error, until);

		return this;
	}

	/** An administrator sends a FAILED notification again: PENDING and due now, with a fresh budget of attempts. */
	Notification retry(Instant now) {

		if (delivery.status() != Status.FAILED) {
			throw new NotificationNotFailed(id, delivery.status());
		}
		delivery = delivery.retried(now);

		return this;
	}

	/**
	 * The recipient's registration has not arrived yet (events of different modules are not ordered): waits like a
	 * failed attempt, and is SKIPPED when the recipient is still unknown after the last one.
	 */
	Notification recipientUnknown(Instant now, DeliverySettings settings) {

		requirePending();
		delivery = delivery.failed("recipient " + recipientId + " is not known (yet)", now, settings, Status.SKIPPED);

		return this;
	}

	private void requirePending() {

		if (!delivery.isPending()) {
			throw new IllegalStateException("Notification %s is already %s".formatted(id.id(), delivery.status()));
		}
	}

	static class NotificationNotFailed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotificationNotFailed(NotificationId id, Status status) {
			super("Notification %s is %s; only FAILED notifications can be retried".formatted(id.id(), status));
		}
	}

	@Override
	public NotificationId getId() {
		return id;
	}

	UUID eventId() {
		return eventId;
	}

	Type type() {
		return type;
	}

	UUID recipientId() {
		return recipientId;
	}

	String subject() {
		return subject;
	}

	String body() {
		return body;
	}

	Instant createdAt() {
		return createdAt;
	}

	Delivery delivery() {
		return delivery;
	}
}
