package com.modularshop.notification;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserProfileUpdated;
import com.modularshop.user.events.UserRegistered;

/**
 * Turns user and order events into recipients and notifications. Every handler is idempotent (upserts, one
 * notification per event and type), because the registry delivers at least once. OrderPlaced needs none: the
 * confirmation or rejection follows.
 */
@Component
class NotificationListeners {

	private static final Logger LOG = LoggerFactory.getLogger(NotificationListeners.class);

	private final Recipients recipients;
	private final Inbox inbox;
	private final OrderOutcomes orders;
	private final Clock clock;

	NotificationListeners(Recipients recipients, Inbox inbox, OrderOutcomes orders, Clock clock) {
		this.recipients = recipients;
		this.inbox = inbox;
		this.orders = orders;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(UserRegistered event) {

		recipients.recordProfile(event.userId(), event.email(), event.name(), event.registeredAt());
		inbox.add(Notification.welcome(event, clock.instant()));
	}

	@ApplicationModuleListener
	void on(UserProfileUpdated event) {
		recipients.recordProfile(event.userId(), event.email(), event.name(), event.updatedAt());
	}

	@ApplicationModuleListener
	void on(UserDeactivated event) {
		recipients.recordDeactivation(event.userId());
	}

	/** No confirmation for an order already known as cancelled: the cancellation stays the last email. */
	@ApplicationModuleListener
	void on(OrderConfirmed event) {

		if (!orders.isCancelled(event.orderId())) {
			inbox.add(Notification.orderConfirmed(event, clock.instant()));
			LOG.debug("Confirmation of order {} stored for customer {}", event.orderId(), event.customerId());
		}
	}

	@ApplicationModuleListener
	void on(OrderRejected event) {
		inbox.add(Notification.orderRejected(event, clock.instant()));
	}

	@ApplicationModuleListener
	void on(OrderCancelled event) {

		orders.recordCancellation(event.orderId());
		inbox.add(Notification.orderCancelled(event, clock.instant()));
	}
}
