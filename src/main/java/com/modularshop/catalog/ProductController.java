package com.modularshop.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog over HTTP: anyone browses and searches listed products, administrators maintain them.
 */
@RestController
@RequestMapping("/api/products")
class ProductController {

	static final int MAX_PAGE_SIZE = 100;

	private final Catalog catalog;

	ProductController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<ProductView> list(@Valid @RequestBody NewProduct request) {

		var product = catalog.list(new Sku(request.sku()), request.name(), descriptionOf(request.description()),
				request.category(), request.price().toMoney(), request.stock());

		return ResponseEntity.created(URI.create("/api/products/" + product.getId().code()))
				.body(ProductView.of(product));
	}

	@GetMapping("/{sku}")
	ProductView find(@PathVariable String sku) {
		return ProductView.of(catalog.find(sku));
	}

	@GetMapping
	PagedModel<ProductView> search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {

		return new PagedModel<>(catalog.search(q, category, page, size).map(ProductView::of));
	}

	@PutMapping("/{sku}")
	@PreAuthorize("hasRole('ADMIN')")
	ProductView update(@PathVariable String sku, @Valid @RequestBody ProductChange request) {
		return ProductView.of(catalog.update(sku, request.name(), descriptionOf(request.description()),
				request.category(), request.price().toMoney()));
	}

	@PostMapping("/{sku}/stock")
	@PreAuthorize("hasRole('ADMIN')")
	StockView adjustStock(@PathVariable String sku, @Valid @RequestBody StockChange request) {
		return StockView.of(catalog.adjustStock(sku, request.delta()));
	}

	@DeleteMapping("/{sku}")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> delist(@PathVariable String sku) {

		catalog.delist(sku);

		return ResponseEntity.noContent().build();
	}

	private static String descriptionOf(@Nullable String description) {
		return description == null ? "" : description;
	}

	record Price(@NotNull BigDecimal amount, @NotBlank String currency) {

		Money toMoney() {
			return new Money(amount, currency);
		}
	}

	record NewProduct(
			@NotNull @Pattern(regexp = Sku.FORMAT, message = "must be 1 to 64 letters, digits, '-', '_' or '.'") String sku,
			@NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 4000) String description,
			@Nullable @Size(max = 100) String category,
			@NotNull @Valid Price price,
			@NotNull @Min(0) Integer stock) {}

	record ProductChange(
			@NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 4000) String description,
			@Nullable @Size(max = 100) String category,
			@NotNull @Valid Price price) {}

	record StockChange(@NotNull Integer delta) {}

	record ProductView(String sku, String name, String description, @Nullable String category, Price price,
			int available, boolean listed) {

		static ProductView of(Product product) {
			return new ProductView(product.getId().code(), product.name(), product.description(), product.category(),
					new Price(product.price().amount(), product.price().currency()), Math.max(product.available(), 0),
					product.isListed());
		}
	}

	record StockView(String sku, int onHand, int reserved, int available) {

		static StockView of(Product product) {
			return new StockView(product.getId().code(), product.onHand(), product.reserved(), product.available());
		}
	}
}
