package com.modularshop.notification;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's inbox. Only ever the caller's own notifications: the recipient is the token's subject, never a
 * parameter.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	static final int MAX_PAGE_SIZE = 100;
	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

	private final Inbox inbox;

	NotificationController(Inbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping
	PagedModel<NotificationView> mine(@AuthenticationPrincipal Jwt caller, @PageableDefault(size = 20) Pageable page) {

		var newestFirst = PageRequest.of(page.getPageNumber(), Math.min(page.getPageSize(), MAX_PAGE_SIZE),
				NEWEST_FIRST);

		return new PagedModel<>(inbox.of(UUID.fromString(caller.getSubject()), newestFirst).map(NotificationView::of));
	}

	record NotificationView(UUID id, String type, String subject, String body, Instant createdAt,
			DeliveryView delivery) {

		static NotificationView of(Notification notification) {
			return new NotificationView(notification.getId().id(), notification.type().name(), notification.subject(),
					notification.body(), notification.createdAt(), new DeliveryView(
							notification.delivery().status().name(), notification.delivery().attempts()));
		}
	}

	record DeliveryView(String status, int attempts) {}
}
