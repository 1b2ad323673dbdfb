package com.modularshop.notification;

import java.time.Clock;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.notification.Notification.NotificationId;

/**
 * What an administrator does about emails that could not be sent: find notifications by delivery status and send
 * FAILED ones again, with a fresh budget of attempts. {@link EmailDelivery} picks them up on its next run.
 */
@Service
@Transactional
class FailedDeliveries {

	static final int BATCH = 100;

	private final Notifications notifications;
	private final Clock clock;

	FailedDeliveries(Notifications notifications, Clock clock) {
		this.notifications = notifications;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	Page<Notification> withStatus(Status status, Pageable page) {
		return notifications.findByDeliveryStatus(status, page);
	}

	Notification retry(UUID id) {

		var notification = notifications.findById(new NotificationId(id))
				.orElseThrow(() -> new NotificationNotFound(id));

		return notifications.save(notification.retry(clock.instant()));
	}

	/** @return how many FAILED notifications are due again */
	int retryAllFailed() {

		var now = clock.instant();
		var retried = 0;

		// retried ones are no longer FAILED, so the first page is always the next batch
		for (var batch = failed(); !batch.isEmpty(); batch = failed()) {
			notifications.saveAll(batch.map(it -> it.retry(now)));
			retried += batch.getNumberOfElements();
		}

		return retried;
	}

	private Page<Notification> failed() {
		return notifications.findByDeliveryStatus(Status.FAILED, PageRequest.of(0, BATCH));
	}

	static class NotificationNotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotificationNotFound(UUID id) {
			super("No notification %s".formatted(id));
		}
	}
}
