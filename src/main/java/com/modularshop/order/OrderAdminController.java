package com.modularshop.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.order.Order.Status;
import com.modularshop.order.OrderController.OrderView;

/**
 * What administrators see of all customers' orders: any one of them, the recent ones by status (the operations page
 * shows them), and
 * stock that cancelled or rejected orders may still hold. The order module asks the catalog to
 * release it ({@code ReleaseStock}) and records the catalog's confirmation ({@code StockReleased}); an order without
 * one, e.g. because its {@code ReleaseStock} ended as a dead letter, is listed here and can be released again. The
 * catalog stays the only module that changes stock: the repair is a new {@code ReleaseStock} command.
 */
@RestController
@RequestMapping("/api/admin/orders")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "order")
@SecurityRequirement(name = "bearer", scopes = "ADMIN")
class OrderAdminController {

	private final OrderManagement orders;
	private final Clock clock;

	OrderAdminController(OrderManagement orders, Clock clock) {
		this.orders = orders;
		this.clock = clock;
	}

	@GetMapping
	@Operation(operationId = "recentOrders", summary = "List all customers' orders",
			description = "Newest first, of one status or all; `page.totalElements` counts them. Reads scan the "
					+ "orders of that status: meant for operators (the operations page at `/ops`), not for polling.")
	@ApiResponse(responseCode = "200", description = "One page of orders.")
	@ApiResponse(responseCode = "400", description = "An unknown status, or a page or size outside the limits.")
	PagedModel<OrderView> recent(
			@Parameter(description = "Only orders in this status.")
			@RequestParam(required = false) @Nullable Status status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {

		return new PagedModel<>(orders.recent(status, page, size).map(OrderView::of));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "findAnyOrder", summary = "Show any customer's order",
			description = "The order with its status, whoever placed it.")
	@ApiResponse(responseCode = "200", description = "The order.")
	@ApiResponse(responseCode = "404", description = "No such order (`order-not-found`).")
	OrderView find(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
		return OrderView.of(orders.find(id, UUID.fromString(caller.getSubject()), true));
	}

	@GetMapping("/unreleased-stock")
	@Operation(operationId = "listUnreleasedStock", summary = "List cancelled or rejected orders that may hold stock",
			description = "Cancelled orders and orders rejected for a `TIMEOUT` whose stock release the catalog has "
					+ "not confirmed, asked longer ago than `olderThan` (an ISO-8601 duration, default `PT0S`), oldest "
					+ "first, with the lines that may be held.")
	@ApiResponse(responseCode = "200", description = "One page of orders.")
	@ApiResponse(responseCode = "400", description = "A malformed duration, a negative one (`invalid-duration`), or a "
			+ "page outside the limits.")
	PagedModel<UnreleasedStock> unreleased(
			@Parameter(description = "Only releases asked longer ago than this, e.g. `PT15M`.")
			@RequestParam(defaultValue = "PT0S") Duration olderThan,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {

		if (olderThan.isNegative()) {
			throw new NegativeDuration();
		}

		return new PagedModel<>(orders.awaitingStockRelease(clock.instant().minus(olderThan), page, size)
				.map(UnreleasedStock::of));
	}

	@PostMapping("/{id}/release-stock")
	@Operation(operationId = "releaseStockAgain", summary = "Release the stock of a cancelled or rejected order again",
			description = "Sends the catalog a new `ReleaseStock` for the order. The catalog releases once per order, "
					+ "so this is safe however often it is done; the order leaves the list when the catalog confirms.")
	@ApiResponse(responseCode = "202", description = "Asked; the catalog releases asynchronously.")
	@ApiResponse(responseCode = "404", description = "No such order (`order-not-found`).")
	@ApiResponse(responseCode = "409", description = "The order is neither cancelled nor rejected "
			+ "(`order-not-closed`), or the catalog confirmed the release already (`stock-released-already`).")
	ResponseEntity<UnreleasedStock> releaseAgain(@PathVariable UUID id) {
		return ResponseEntity.accepted().body(UnreleasedStock.of(orders.releaseStockAgain(id)));
	}

	static class NegativeDuration extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NegativeDuration() {
			super("olderThan must not be negative");
		}
	}

	record UnreleasedStock(UUID orderId, String status, @Nullable String rejectionReason, Instant placedAt,
			@Nullable Instant releaseRequestedAt, List<Line> lines) {

		static UnreleasedStock of(Order order) {
			return new UnreleasedStock(order.getId().id(), order.status().name(), order.rejectionReason(),
					order.placedAt(), order.stockRelease().requestedAt(),
					order.lines().stream().map(it -> new Line(it.sku(), it.quantity())).toList());
		}
	}

	record Line(String sku, int quantity) {}
}
