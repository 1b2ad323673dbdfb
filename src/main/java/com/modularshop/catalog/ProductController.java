package com.modularshop.catalog;

import io.swagger.v3.oas.annotations.Operation;
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
@Tag(name = "catalog")
class ProductController {

	static final int MAX_PAGE_SIZE = 100;

	private final Catalog catalog;

	ProductController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "listProduct", summary = "List a product",
			description = "Adds a product to the catalog with its price and initial stock; publishes `ProductListed`. "
					+ "Orders can name it once the order module has seen that event.",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"))
	@ApiResponse(responseCode = "201", description = "Listed.",
			headers = @Header(name = "Location", description = "`/api/products/{sku}`", required = true,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "409", description = "The SKU is taken (`sku-taken`).")
	@ApiResponse(responseCode = "422", description = "The price is not in the shop's currency (`currency-not-supported`).")
	ResponseEntity<ProductView> create(@Valid @RequestBody NewProduct request) {

		var product = catalog.add(new Sku(request.sku()), request.name(), descriptionOf(request.description()),
				request.category(), request.price().toMoney(), request.stock());

		return ResponseEntity.created(URI.create("/api/products/" + product.getId().code()))
				.body(ProductView.of(product));
	}

	@GetMapping("/{sku}")
	@Operation(operationId = "findProduct", summary = "Show a product",
			description = "A product, listed or delisted, with its stock available to order (on hand minus reserved).")
	@ApiResponse(responseCode = "200", description = "The product.")
	@ApiResponse(responseCode = "404", description = "No product with this SKU (`product-not-found`).")
	ProductView find(@PathVariable String sku) {
		return ProductView.of(catalog.find(sku));
	}

	@GetMapping
	@Operation(operationId = "searchProducts", summary = "Search listed products",
			description = "Listed products whose name or description contains `q` (ignoring case) and whose category "
					+ "is `category`, ordered by name.")
	@ApiResponse(responseCode = "200", description = "One page of products.")
	@ApiResponse(responseCode = "400", description = "A page or size outside the limits.")
	PagedModel<ProductView> search(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {

		return new PagedModel<>(catalog.search(q, category, page, size).map(ProductView::of));
	}

	@PutMapping("/{sku}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "updateProduct", summary = "Change a product",
			description = "Replaces name, description, category and price; publishes `ProductUpdated` with the new "
					+ "price, which applies to orders placed after the order module has seen it.",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"))
	@ApiResponse(responseCode = "200", description = "The changed product.")
	@ApiResponse(responseCode = "404", description = "No product with this SKU (`product-not-found`).")
	@ApiResponse(responseCode = "409", description = "The product is delisted (`product-delisted`), or it was "
			+ "changed concurrently (`concurrent-modification`; retry).")
	@ApiResponse(responseCode = "422", description = "The price is not in the shop's currency (`currency-not-supported`).")
	ProductView update(@PathVariable String sku, @Valid @RequestBody ProductChange request) {
		return ProductView.of(catalog.update(sku, request.name(), descriptionOf(request.description()),
				request.category(), request.price().toMoney()));
	}

	@PostMapping("/{sku}/stock")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "adjustStock", summary = "Adjust the stock on hand",
			description = "Adds `delta` (negative to remove) to the stock on hand, which never drops below what is "
					+ "reserved for orders.",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"))
	@ApiResponse(responseCode = "200", description = "The stock after the change.")
	@ApiResponse(responseCode = "404", description = "No product with this SKU (`product-not-found`).")
	@ApiResponse(responseCode = "409", description = "Less would be on hand than is reserved (`insufficient-stock`), "
			+ "the product is delisted (`product-delisted`), or it was changed concurrently (`concurrent-modification`).")
	StockView adjustStock(@PathVariable String sku, @Valid @RequestBody StockChange request) {
		return StockView.of(catalog.adjustStock(sku, request.delta()));
	}

	@DeleteMapping("/{sku}")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "delistProduct", summary = "Delist a product",
			description = "Delists the product for good: it is no longer found by searches nor orderable; publishes "
					+ "`ProductDelisted`.",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"))
	@ApiResponse(responseCode = "204", description = "Delisted.")
	@ApiResponse(responseCode = "404", description = "No product with this SKU (`product-not-found`).")
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

	@Schema(example = """
			{"sku": "TEA-GREEN-100", "name": "Green tea", "description": "100 g of loose leaves",
			 "category": "tea", "price": {"amount": 7.90, "currency": "EUR"}, "stock": 25}""")
	record NewProduct(
			@NotNull @Pattern(regexp = Sku.FORMAT, message = "must be 1 to 64 letters, digits, '-', '_' or '.'") String sku,
			@NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 4000) String description,
			@Nullable @Size(max = 100) String category,
			@NotNull @Valid Price price,
			@NotNull @Min(0) Integer stock) {}

	@Schema(example = """
			{"name": "Green tea", "description": "100 g of loose leaves", "category": "tea",
			 "price": {"amount": 8.50, "currency": "EUR"}}""")
	record ProductChange(
			@NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 4000) String description,
			@Nullable @Size(max = 100) String category,
			@NotNull @Valid Price price) {}

	@Schema(example = """
			{"delta": 10}""")
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
