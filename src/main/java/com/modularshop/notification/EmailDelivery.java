package com.modularshop.notification;

import jakarta.mail.internet.InternetAddress;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mail.javamail.MimeMessagePreparator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.notification.Recipient.RecipientId;

/**
 * Emails committed PENDING notifications, independently of the events that created them, so an SMTP outage delays
 * emails but never loses one. Each notification is claimed with a row lock ({@code FOR UPDATE SKIP LOCKED}) in its
 * own transaction that also records the outcome: two instances never send the same notification, and a notification
 * marked SENT is final. (A crash between the SMTP hand-over and the commit sends that one email again on the next
 * run: at least once, never silently lost.)
 */
@Component
class EmailDelivery {

	static final String HEADER = "X-Shop-Notification-Id";
	static final String DEACTIVATED = "recipient deactivated";

	private static final Logger LOG = LoggerFactory.getLogger(EmailDelivery.class);

	private final Notifications notifications;
	private final Recipients recipients;
	private final ObjectProvider<JavaMailSender> mail;
	private final DeliverySettings settings;
	private final TransactionTemplate transaction;

	EmailDelivery(Notifications notifications, Recipients recipients, ObjectProvider<JavaMailSender> mail,
			DeliverySettings settings, PlatformTransactionManager transactions) {

		this.notifications = notifications;
		this.recipients = recipients;
		this.mail = mail;
		this.settings = settings;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Scheduled(fixedDelayString = "${shop.notification.delivery.poll-interval:5s}")
	void deliverDue() {

		var sender = mail.getIfAvailable();

		if (sender == null) {
			return; // notifications were stored SKIPPED
		}

		for (int i = 0; i < settings.batchSize(); i++) {
			if (!Boolean.TRUE.equals(transaction.execute(__ -> deliverNext(sender)))) {
				return;
			}
		}
	}

	/** @return whether a due notification was found */
	private boolean deliverNext(JavaMailSender sender) {

		var claimed = notifications.claimNextDue(Instant.now());

		if (claimed.isEmpty()) {
			return false;
		}

		var notification = claimed.get();
		var recipient = recipients.findById(new RecipientId(notification.recipientId()));

		notifications.save(recipient.filter(Recipient::isKnown)
				.map(it -> it.isActive() ? send(notification, it, sender) : notification.skipped(DEACTIVATED))
				.orElseGet(() -> notification.recipientUnknown(Instant.now(), settings)));

		return true;
	}

	private Notification send(Notification notification, Recipient recipient, JavaMailSender sender) {

		try {
			sender.send(message(notification, recipient));
			return notification.sent(Instant.now());
		} catch (MailException e) {
			LOG.warn("Sending notification {} failed (attempt {}): {}", notification.getId().id(),
					notification.delivery().attempts() + 1, e.getMessage());
			return notification.sendingFailed(e.getMessage(), Instant.now(), settings);
		}
	}

	private MimeMessagePreparator message(Notification notification, Recipient recipient) {

		return mime -> {
			var message = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
			message.setFrom(settings.from());
			message.setTo(address(recipient));
			message.setSubject(notification.subject());
			message.setText(notification.body());
			mime.setHeader(HEADER, notification.getId().id().toString());
		};
	}

	private static InternetAddress address(Recipient recipient) {

		try {
			return new InternetAddress(recipient.email(), Notification.displayName(recipient.name()),
					StandardCharsets.UTF_8.name());
		} catch (UnsupportedEncodingException cannotHappenWithUtf8) {
			throw new IllegalStateException(cannotHappenWithUtf8);
		}
	}
}
