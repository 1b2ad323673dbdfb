package com.modularshop.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "notification")
class NotificationController {

	static final int MAX_PAGE_SIZE = 100;
	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

	private final Inbox inbox;

	NotificationController(Inbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping
	@Operation(operationId = "myNotifications", summary = "List the caller's notifications",
			security = @SecurityRequirement(name = "bearer"),
			description = "The caller's inbox, newest first: a welcome, and one entry per order confirmed, rejected "
					+ "or cancelled, with the state of its email delivery. Sizes above 100 are read as 100.")
	@ApiResponse(responseCode = "200", description = "One page of notifications.")
	PagedModel<NotificationView> mine(@AuthenticationPrincipal Jwt caller, @PageableDefault(size = 20) Pageable page) {

		var newestFirst = PageRequest.of(page.getPageNumber(), Math.min(page.getPageSize(), MAX_PAGE_SIZE),
				NEWEST_FIRST);

		return new PagedModel<>(inbox.forRecipient(UUID.fromString(caller.getSubject()), newestFirst)
				.map(NotificationView::of));
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
