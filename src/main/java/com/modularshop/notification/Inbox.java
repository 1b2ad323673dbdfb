package com.modularshop.notification;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores notifications, at most one per (source event, type), and reads a user's inbox. Emails are not sent here but
 * by {@link EmailDelivery}, which polls for PENDING notifications once they are committed.
 */
@Service
@Transactional
class Inbox {

	static final String NO_SMTP = "no SMTP server configured (spring.mail.host)";

	private final Notifications notifications;
	private final ObjectProvider<JavaMailSender> mail;

	Inbox(Notifications notifications, ObjectProvider<JavaMailSender> mail) {
		this.notifications = notifications;
		this.mail = mail;
	}

	/**
	 * Idempotent: a notification for an event and type that already has one, even one a concurrent delivery has not
	 * committed yet, changes nothing and fails nothing, so the caller's transaction goes on.
	 */
	void add(Notification notification) {
		notifications.insertIfAbsent(mail.getIfAvailable() == null ? notification.skip(NO_SMTP) : notification);
	}

	@Transactional(readOnly = true)
	Page<Notification> forRecipient(UUID recipientId, Pageable pageable) {
		return notifications.findByRecipientId(recipientId, pageable);
	}
}
