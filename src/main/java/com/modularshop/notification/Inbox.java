package com.modularshop.notification;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores notifications, at most one per (source event, type), and reads a user's inbox. Emails are not sent here but
 * by {@link EmailDelivery}, after the notification is committed.
 */
@Service
@Transactional
class Inbox {

	static final String NO_SMTP = "no SMTP server configured (spring.mail.host)";

	private final Notifications notifications;
	private final ObjectProvider<JavaMailSender> mail;
	private final TransactionTemplate savepoint;

	Inbox(Notifications notifications, ObjectProvider<JavaMailSender> mail, PlatformTransactionManager transactions) {

		this.notifications = notifications;
		this.mail = mail;
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** Idempotent: a notification for an event and type that already has one changes nothing. */
	void add(Notification notification) {

		if (notifications.existsByEventIdAndType(notification.eventId(), notification.type())) {
			return;
		}

		var stored = mail.getIfAvailable() == null ? notification.skip(NO_SMTP) : notification;

		try {
			// A savepoint, so that losing the race against a concurrent delivery of the same event leaves the rest
			// of the caller's transaction intact.
			savepoint.executeWithoutResult(__ -> notifications.save(stored));
		} catch (DuplicateKeyException concurrentDeliveryStoredItFirst) {
			// exactly what the unique (event_id, type) constraint is for
		}
	}

	@Transactional(readOnly = true)
	Page<Notification> forRecipient(UUID recipientId, Pageable pageable) {
		return notifications.findByRecipientId(recipientId, pageable);
	}
}
