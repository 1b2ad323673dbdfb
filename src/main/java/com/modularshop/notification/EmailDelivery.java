package com.modularshop.notification;

import jakarta.mail.internet.InternetAddress;

import java.io.InterruptedIOException;
import java.io.UnsupportedEncodingException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.mail.javamail.MimeMessagePreparator;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.notification.Recipients.Recipient;

/**
 * Emails committed PENDING notifications, independently of the events that created them, so an SMTP outage delays
 * emails but never loses one. Each notification is claimed with a row lock ({@code FOR UPDATE SKIP LOCKED}) in its
 * own transaction that also records the outcome: two instances never send the same notification, and a notification
 * marked SENT is final. (A crash between the SMTP hand-over and the commit sends that one email again on the next
 * run: at least once, never silently lost.)
 * <p>
 * An SMTP server that cannot be reached or does not answer (refused, unknown host, timed out) says nothing about the
 * email: such a failure uses up no attempt, the notification waits {@code initial-backoff} and the sender pauses as
 * long, so an outage of any length delays emails without losing one and costs one connection attempt per pause.
 * Only failures of the email itself (a refused recipient, a rejected message, failed authentication) use up the
 * {@code max-attempts}; a notification that runs out of them is FAILED until an administrator retries it.
 */
@Component
class EmailDelivery implements SchedulingConfigurer {

	static final String HEADER = "X-Shop-Notification-Id";
	static final String DEACTIVATED = "recipient deactivated";

	private static final Logger LOG = LoggerFactory.getLogger(EmailDelivery.class);

	private final Notifications notifications;
	private final Recipients recipients;
	private final ObjectProvider<JavaMailSender> mail;
	private final DeliverySettings settings;
	private final TransactionTemplate transaction;
	private final Clock clock;
	private volatile Instant pausedUntil = Instant.MIN;

	EmailDelivery(Notifications notifications, Recipients recipients, ObjectProvider<JavaMailSender> mail,
			DeliverySettings settings, TransactionTemplate transaction, Clock clock) {

		this.notifications = notifications;
		this.recipients = recipients;
		this.mail = mail;
		this.settings = settings;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** Every {@code shop.notification.delivery.poll-interval}, read from the settings that hold its default. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::deliverDue, settings.pollInterval(), Duration.ZERO));
	}

	void deliverDue() {

		var sender = mail.getIfAvailable();

		if (sender == null) {
			return; // notifications were stored SKIPPED
		}

		if (clock.instant().isBefore(pausedUntil)) {
			return; // the server was unreachable a moment ago
		}

		for (int i = 0; i < settings.batchSize() && !clock.instant().isBefore(pausedUntil); i++) {
			if (!Boolean.TRUE.equals(transaction.execute(__ -> deliverNext(sender)))) {
				return;
			}
		}
	}

	/** @return whether a due notification was found */
	private boolean deliverNext(JavaMailSender sender) {

		var claimed = notifications.claimNextDue(clock.instant());

		if (claimed.isEmpty()) {
			return false;
		}

		var notification = claimed.get();
		var recipient = recipients.find(notification.recipientId());

		notifications.save(recipient.filter(Recipient::isKnown)
				.map(it -> it.active() ? send(notification, it, sender) : notification.skip(DEACTIVATED))
				.orElseGet(() -> notification.awaitRecipient(clock.instant(), settings)));

		return true;
	}

	private Notification send(Notification notification, Recipient recipient, JavaMailSender sender) {

		try {
			sender.send(message(notification, recipient));
			return notification.markSent(clock.instant());
		} catch (MailException e) {

			if (isConnectionFailure(e)) {
				var until = clock.instant().plus(settings.initialBackoff());
				pausedUntil = until;
				LOG.warn("SMTP server unreachable, emails wait until {} (no attempt used up): {}", until,
						e.getMessage());
				return notification.defer(e.getMessage(), until);
			}

			LOG.warn("Sending notification {} failed (attempt {}): {}", notification.getId().id(),
					notification.delivery().attempts() + 1, e.getMessage());
			return notification.recordFailedAttempt(e.getMessage(), clock.instant(), settings);
		}
	}

	/** Whether the failure is the server's, not the email's: it could not be reached or did not answer in time. */
	static boolean isConnectionFailure(Throwable failure) {

		// a failure while a message was being sent is reported per message, not as the cause
		if (failure instanceof MailSendException send && send.getFailedMessages().values().stream()
				.anyMatch(EmailDelivery::isConnectionFailure)) {
			return true;
		}

		for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof SocketException || cause instanceof InterruptedIOException
					|| cause instanceof UnknownHostException) {
				return true;
			}
		}

		return false;
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
			return new InternetAddress(recipient.email(), NotificationText.displayName(recipient.name()),
					StandardCharsets.UTF_8.name());
		} catch (UnsupportedEncodingException cannotHappenWithUtf8) {
			throw new IllegalStateException(cannotHappenWithUtf8);
		}
	}
}
