package com.modularshop.order;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.modularshop.order.OrderAdminController.NegativeDuration;
import com.modularshop.order.OrderExceptions.CustomerDeactivated;
import com.modularshop.order.OrderExceptions.MixedCurrencies;
import com.modularshop.order.OrderExceptions.IdempotencyKeyReused;
import com.modularshop.order.OrderExceptions.InvalidIdempotencyKey;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.OrderNotFound;
import com.modularshop.order.OrderExceptions.OrderStillOpen;
import com.modularshop.order.OrderExceptions.StockReleasedAlready;
import com.modularshop.order.OrderExceptions.ProductsNotForSale;

/**
 * The order module's domain errors as problem details, for its own controller only.
 */
@RestControllerAdvice(assignableTypes = { OrderController.class, OrderAdminController.class })
class OrderProblems {

	@ExceptionHandler
	ProblemDetail notFound(OrderNotFound exception) {
		return problem(HttpStatus.NOT_FOUND, "order-not-found", exception);
	}

	@ExceptionHandler
	ProblemDetail notCancellable(OrderNotCancellable exception) {
		return problem(HttpStatus.CONFLICT, "order-not-cancellable", exception);
	}

	@ExceptionHandler
	ProblemDetail notForSale(ProductsNotForSale exception) {

		var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "product-not-for-sale", exception);
		problem.setProperty("skus", exception.skus());

		return problem;
	}

	@ExceptionHandler
	ProblemDetail mixedCurrencies(MixedCurrencies exception) {

		var problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "mixed-currencies", exception);
		problem.setProperty("currencies", exception.currencies());

		return problem;
	}

	@ExceptionHandler
	ProblemDetail deactivated(CustomerDeactivated exception) {
		return problem(HttpStatus.FORBIDDEN, "customer-deactivated", exception);
	}

	@ExceptionHandler
	ProblemDetail keyReused(IdempotencyKeyReused exception) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", exception);
	}

	@ExceptionHandler
	ProblemDetail invalidKey(InvalidIdempotencyKey exception) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", exception);
	}

	@ExceptionHandler
	ProblemDetail stillOpen(OrderStillOpen exception) {
		return problem(HttpStatus.CONFLICT, "order-not-closed", exception);
	}

	@ExceptionHandler
	ProblemDetail releasedAlready(StockReleasedAlready exception) {
		return problem(HttpStatus.CONFLICT, "stock-released-already", exception);
	}

	@ExceptionHandler
	ProblemDetail negativeDuration(NegativeDuration exception) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-duration", exception);
	}

	private static ProblemDetail problem(HttpStatus status, String type, Exception exception) {

		var problem = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
		problem.setType(URI.create("https://modular-shop.example/problems/" + type));

		return problem;
	}
}
