package com.modularshop.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.order.OrderExceptions.InvalidIdempotencyKey;
import com.modularshop.order.OrderManagement.Requested;

/**
 * Customers place, follow and cancel their own orders (administrators read anyone's through
 * {@link OrderAdminController}, where the role is checked like every other). Placing and cancelling answer
 * 202: the saga finishes the work asynchronously and the order's status tells how it ended.
 */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "order")
@SecurityRequirement(name = "bearer")
class OrderController {

	static final int MAX_LINES = 100;
	static final int MAX_KEY_LENGTH = 200;

	private final OrderManagement orders;

	OrderController(OrderManagement orders) {
		this.orders = orders;
	}

	@PostMapping
	@Operation(operationId = "placeOrder", summary = "Place an order",
			description = """
					Stores the order as `PLACED` at the prices the order module knows, and asks the catalog to \
					reserve the stock. The answer comes before the reservation: follow the `Location` until the \
					status is `CONFIRMED` or `REJECTED` (with the reason). With an `Idempotency-Key`, placing again \
					returns the same order.""")
	@ApiResponse(responseCode = "202", description = "Placed; the saga confirms or rejects it.",
			headers = @Header(name = "Location", description = "`/api/orders/{id}`", required = true,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "Invalid fields (listed in `errors`): 1 to 100 lines, "
			+ "quantities 1 to 10000; or an empty or too long key (`invalid-idempotency-key`).")
	@ApiResponse(responseCode = "403", description = "The customer is deactivated (`customer-deactivated`).")
	@ApiResponse(responseCode = "422", description = "Unknown or delisted SKUs, named in `skus` "
			+ "(`product-not-for-sale`); or the key was used for other lines (`idempotency-key-reused`).")
	ResponseEntity<OrderView> place(@AuthenticationPrincipal Jwt caller,
			@Parameter(description = "Any client-chosen string up to 200 characters; the same key from the same "
					+ "customer places the order once.")
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
			@Valid @RequestBody NewOrder request) {

		// checked here rather than with a constraint, which would turn the body's field errors into method errors
		if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
			throw new InvalidIdempotencyKey(MAX_KEY_LENGTH);
		}

		var placement = orders.place(userId(caller),
				request.lines().stream().map(it -> new Requested(it.sku(), it.quantity())).toList(), key);
		var order = placement.order();

		return ResponseEntity.accepted().location(URI.create("/api/orders/" + order.getId().id()))
				.body(OrderView.of(order));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "findOrder", summary = "Show an order",
			description = "One of the caller's orders with its status.")
	@ApiResponse(responseCode = "200", description = "The order.")
	@ApiResponse(responseCode = "404", description = "No such order of the caller's (`order-not-found`).")
	OrderView find(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
		return OrderView.of(orders.find(id, userId(caller), false));
	}

	@GetMapping
	@Operation(operationId = "myOrders", summary = "List the caller's orders", description = "Newest first.")
	@ApiResponse(responseCode = "200", description = "One page of orders.")
	@ApiResponse(responseCode = "400", description = "A page or size outside the limits.")
	PagedModel<OrderView> mine(@AuthenticationPrincipal Jwt caller,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {

		return new PagedModel<>(orders.ordersOf(userId(caller), page, size).map(OrderView::of));
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelOrder", summary = "Cancel an order",
			description = "Cancels a `PLACED` or `CONFIRMED` order of the caller's; its reserved stock is released "
					+ "asynchronously.")
	@ApiResponse(responseCode = "202", description = "Cancelled; the stock is released by the saga.")
	@ApiResponse(responseCode = "404", description = "No such order of the caller's (`order-not-found`).")
	@ApiResponse(responseCode = "409", description = "The order is `REJECTED` or cancelled already "
			+ "(`order-not-cancellable`).")
	ResponseEntity<OrderView> cancel(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
		return ResponseEntity.accepted().body(OrderView.of(orders.cancel(id, userId(caller))));
	}

	private static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

	@Schema(example = """
			{"lines": [{"sku": "TEA-GREEN-100", "quantity": 2}]}""")
	record NewOrder(@NotNull @Size(min = 1, max = MAX_LINES) List<@NotNull @Valid RequestedLine> lines) {}

	record RequestedLine(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(10_000) Integer quantity) {}

	record OrderView(UUID id, String status, List<LineView> lines, BigDecimal total, Instant placedAt,
			@Nullable String rejectionReason) {

		static OrderView of(Order order) {
			return new OrderView(order.getId().id(), order.status().name(),
					order.lines().stream().map(it -> new LineView(it.sku(), it.name(), it.quantity(),
							it.unitPrice().amount(), it.lineTotal().amount())).toList(),
					order.total().amount(), order.placedAt(), order.rejectionReason());
		}
	}

	record LineView(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {}
}
