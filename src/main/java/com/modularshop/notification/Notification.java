package com.modularshop.notification;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.ddd.types.AggregateRoot;
import org.jmolecules.ddd.types.Identifier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.user.events.UserRegistered;

/**
 * One message to one user, caused by one event: what the inbox shows, and the state of its email. Its
 * {@link NotificationText} is fixed when it is created from the event. At most one exists per (source event, type).
 */
@Table(schema = "notification", name = "notifications")
class Notification implements AggregateRoot<Notification, Notification.NotificationId> {

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
	private @Version @Nullable Long version;

	@PersistenceCreator
	Notification(NotificationId id, UUID eventId, Type type, UUID recipientId, String subject, String body,
			Instant createdAt, Delivery delivery, @Nullable Long version) {

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

	/** A new notification, its email due now. */
	private Notification(UUID eventId, Type type, UUID recipientId, NotificationText text, Instant now) {

		this.id = new NotificationId(UUID.randomUUID());
		this.eventId = eventId;
		this.type = type;
		this.recipientId = recipientId;
		this.subject = text.subject();
		this.body = text.body();
		this.createdAt = now;
		this.delivery = Delivery.dueAt(now);
	}

	static Notification welcome(UserRegistered event, Instant now) {
		return new Notification(event.eventId(), Type.WELCOME, event.userId(), NotificationText.welcome(event), now);
	}

	static Notification orderConfirmed(OrderConfirmed event, Instant now) {
		return new Notification(event.eventId(), Type.ORDER_CONFIRMED, event.customerId(),
				NotificationText.orderConfirmed(event), now);
	}

	static Notification orderRejected(OrderRejected event, Instant now) {
		return new Notification(event.eventId(), Type.ORDER_REJECTED, event.customerId(),
				NotificationText.orderRejected(event), now);
	}

	static Notification orderCancelled(OrderCancelled event, Instant now) {
		return new Notification(event.eventId(), Type.ORDER_CANCELLED, event.customerId(),
				NotificationText.orderCancelled(event), now);
	}

	Notification markSent(Instant at) {

		requirePending();
		delivery = delivery.sent(at);

		return this;
	}

	Notification skip(String reason) {

		requirePending();
		delivery = delivery.skipped(reason);

		return this;
	}

	/** Sending failed: retried after a backoff until the attempts are used up, then FAILED. */
	Notification recordFailedAttempt(String error, Instant now, DeliverySettings settings) {

		requirePending();
		delivery = delivery.failed(error, now, settings, Status.FAILED);

		return this;
	}

	/** The SMTP server could not be reached: waits until {@code until} without using up an attempt. */
	Notification defer(String error, Instant until) {

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
	Notification awaitRecipient(Instant now, DeliverySettings settings) {

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
