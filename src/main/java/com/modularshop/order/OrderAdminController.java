package com.modularshop.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.data.web.PagedModel;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.order.Order.Status;
import com.modularshop.order.OrderController.OrderView;

/** What operators see of all customers' orders: the recent ones, by status (the operations page shows them). */
@RestController
@RequestMapping("/api/admin/orders")
@Tag(name = "order")
@PreAuthorize("hasRole('ADMIN')")
class OrderAdminController {

	private final OrderManagement orders;

	OrderAdminController(OrderManagement orders) {
		this.orders = orders;
	}

	@GetMapping
	@Operation(operationId = "recentOrders", summary = "List all customers' orders",
			description = "Newest first, of one status or all; `page.totalElements` counts them. Reads scan the "
					+ "orders of that status: meant for operators, not for polling.",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"))
	@ApiResponse(responseCode = "200", description = "One page of orders.")
	@ApiResponse(responseCode = "400", description = "An unknown status, or a page or size outside the limits.")
	PagedModel<OrderView> recent(
			@Parameter(description = "Only orders in this status.")
			@RequestParam(required = false) @Nullable Status status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {

		return new PagedModel<>(orders.recent(status, page, size).map(OrderView::of));
	}
}
