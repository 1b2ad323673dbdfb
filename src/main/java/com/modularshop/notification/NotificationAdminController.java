package com.modularshop.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PageableDefault;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.notification.Delivery.Status;
import com.modularshop.notification.FailedDeliveries.NotificationNotFound;
import com.modularshop.notification.Notification.NotificationNotFailed;

/**
 * Emails that could not be sent, for administrators: every user's notifications by delivery status, with the last
 * error, and sending FAILED ones again.
 */
@RestController
@RequestMapping("/api/admin/notifications")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "notification")
@SecurityRequirement(name = "bearer", scopes = "ADMIN")
class NotificationAdminController {

	private static final Sort OLDEST_FIRST = Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("id"));

	private final FailedDeliveries deliveries;

	NotificationAdminController(FailedDeliveries deliveries) {
		this.deliveries = deliveries;
	}

	@GetMapping
	@Operation(operationId = "listNotificationsByDelivery", summary = "List notifications by delivery status",
			description = "Every user's notifications whose email is in `status` (default `FAILED`), oldest first, "
					+ "with the last error. Sizes above 100 are read as 100.")
	@ApiResponse(responseCode = "200", description = "One page of notifications.")
	@ApiResponse(responseCode = "400", description = "An unknown status, or a page outside the limits.")
	PagedModel<AdminNotificationView> list(
			@Parameter(description = "`PENDING`, `SENT`, `FAILED` or `SKIPPED`.")
			@RequestParam(defaultValue = "FAILED") Status status, @PageableDefault(size = 20) Pageable page) {

		var oldestFirst = PageRequest.of(page.getPageNumber(),
				Math.min(page.getPageSize(), NotificationController.MAX_PAGE_SIZE), OLDEST_FIRST);

		return new PagedModel<>(deliveries.withStatus(status, oldestFirst).map(AdminNotificationView::of));
	}

	@PostMapping("/{id}/retry")
	@Operation(operationId = "retryNotification", summary = "Send a FAILED notification again",
			description = "The email is due again now, with a fresh budget of attempts (`PENDING`, 0 attempts).")
	@ApiResponse(responseCode = "202", description = "Due again; the sender picks it up within its poll interval.")
	@ApiResponse(responseCode = "404", description = "No notification with this id (`notification-not-found`).")
	@ApiResponse(responseCode = "409", description = "The notification is not FAILED (`notification-not-failed`).")
	ResponseEntity<AdminNotificationView> retry(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(AdminNotificationView.of(deliveries.retry(id)));
	}

	@PostMapping("/retry")
	@Operation(operationId = "retryFailedNotifications", summary = "Send every FAILED notification again",
			description = "The same as retrying one, for every FAILED notification.")
	@ApiResponse(responseCode = "202", description = "How many notifications are due again.")
	ResponseEntity<Retried> retryAll() {
		return ResponseEntity.accepted().body(new Retried(deliveries.retryAllFailed()));
	}

	@ExceptionHandler
	ProblemDetail notFound(NotificationNotFound exception) {
		return problem(HttpStatus.NOT_FOUND, "notification-not-found", exception);
	}

	@ExceptionHandler
	ProblemDetail notFailed(NotificationNotFailed exception) {
		return problem(HttpStatus.CONFLICT, "notification-not-failed", exception);
	}

	private static ProblemDetail problem(HttpStatus status, String type, Exception exception) {

		var problem = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
		problem.setType(URI.create("https://modular-shop.example/problems/" + type));

		return problem;
	}

	record Retried(int retried) {}

	record AdminNotificationView(UUID id, UUID recipientId, String type, String subject, Instant createdAt,
			AdminDeliveryView delivery) {

		static AdminNotificationView of(Notification notification) {

			var delivery = notification.delivery();

			return new AdminNotificationView(notification.getId().id(), notification.recipientId(),
					notification.type().name(), notification.subject(), notification.createdAt(),
					new AdminDeliveryView(delivery.status().name(), delivery.attempts(), delivery.lastError(),
							delivery.nextAttemptAt()));
		}
	}

	record AdminDeliveryView(String status, int attempts, @Nullable String lastError,
			@Nullable Instant nextAttemptAt) {}
}
