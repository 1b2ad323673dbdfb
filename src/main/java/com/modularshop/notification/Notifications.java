package com.modularshop.notification;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

import com.modularshop.notification.Notification.NotificationId;

/** New notifications are stored by {@link #insertIfAbsent}; their delivery's progress by {@link #save}. */
interface Notifications extends CrudRepository<Notification, NotificationId>, NewNotifications {

	Page<Notification> findByRecipientId(UUID recipientId, Pageable pageable);

	Page<Notification> findByDeliveryStatus(Delivery.Status status, Pageable pageable);

	/**
	 * Locks the most overdue PENDING notification for the current transaction; rows other instances hold are skipped,
	 * so two senders never work on the same notification.
	 */
	@Query("""
			SELECT * FROM notification.notifications
			WHERE delivery_status = 'PENDING' AND delivery_next_attempt_at <= :now
			ORDER BY delivery_next_attempt_at
			LIMIT 1
			FOR UPDATE SKIP LOCKED""")
	Optional<Notification> claimNextDue(Instant now);
}
