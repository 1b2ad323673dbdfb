package com.modularshop.catalog;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.modularshop.catalog.CatalogExceptions.CurrencyNotSupported;
import com.modularshop.catalog.CatalogExceptions.InsufficientStock;
import com.modularshop.catalog.CatalogExceptions.ProductNotFound;
import com.modularshop.catalog.CatalogExceptions.ProductNotListed;
import com.modularshop.catalog.CatalogExceptions.SkuAlreadyTaken;
import com.modularshop.catalog.Money.InvalidMoney;
import com.modularshop.catalog.Sku.InvalidSku;

/**
 * The catalog module's domain errors as problem details, for its own controller only.
 */
@RestControllerAdvice(assignableTypes = ProductController.class)
class CatalogProblems {

	@ExceptionHandler
	ProblemDetail notFound(ProductNotFound exception) {
		return problem(HttpStatus.NOT_FOUND, "product-not-found", exception);
	}

	@ExceptionHandler
	ProblemDetail skuTaken(SkuAlreadyTaken exception) {
		return problem(HttpStatus.CONFLICT, "sku-taken", exception);
	}

	@ExceptionHandler
	ProblemDetail currency(CurrencyNotSupported exception) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "currency-not-supported", exception);
	}

	@ExceptionHandler
	ProblemDetail insufficientStock(InsufficientStock exception) {
		return problem(HttpStatus.CONFLICT, "insufficient-stock", exception);
	}

	@ExceptionHandler
	ProblemDetail notListed(ProductNotListed exception) {
		return problem(HttpStatus.CONFLICT, "product-delisted", exception);
	}

	@ExceptionHandler
	ProblemDetail invalidSku(InvalidSku exception) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-sku", exception);
	}

	@ExceptionHandler
	ProblemDetail invalidMoney(InvalidMoney exception) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-price", exception);
	}

	private static ProblemDetail problem(HttpStatus status, String type, Exception exception) {

		var problem = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
		problem.setType(URI.create("https://modular-shop.example/problems/" + type));

		return problem;
	}
}
