package com.modularshop.catalog;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.modularshop.catalog.CatalogExceptions.CurrencyNotSupported;
import com.modularshop.catalog.CatalogExceptions.ProductNotFound;
import com.modularshop.catalog.CatalogExceptions.SkuAlreadyTaken;

/**
 * Adds (lists for sale), changes, restocks, delists and finds products; each change publishes its event through the saved product.
 * Changes lock the product row first, so they wait for a reservation in progress instead of failing on its version.
 */
@Service
@Transactional
class Catalog {

	private final Products products;
	private final CatalogSettings settings;
	private final JdbcClient jdbc;
	private final Clock clock;

	Catalog(Products products, CatalogSettings settings, JdbcClient jdbc, Clock clock) {
		this.products = products;
		this.settings = settings;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Product add(Sku sku, String name, String description, @Nullable String category, Money price, int stock) {

		inShopCurrency(price);

		if (products.existsById(sku)) {
			throw new SkuAlreadyTaken(sku);
		}

		try {
			return products.save(Product.listForSale(sku, name, description, category, price, stock, clock.instant()));
		} catch (DuplicateKeyException listedConcurrently) {
			throw new SkuAlreadyTaken(sku);
		}
	}

	Product update(String sku, String name, String description, @Nullable String category, Money price) {

		inShopCurrency(price);

		return products.save(locked(sku).update(name, description, category, price, clock.instant()));
	}

	Product adjustStock(String sku, int delta) {
		return products.save(locked(sku).adjustStock(delta));
	}

	Product delist(String sku) {
		return products.save(locked(sku).delist(clock.instant()));
	}

	@Transactional(readOnly = true)
	Product find(String sku) {

		if (!Sku.isValid(sku)) {
			throw new ProductNotFound(sku);
		}

		return products.findById(new Sku(sku)).orElseThrow(() -> new ProductNotFound(sku));
	}

	/** Listed products whose name or description contains the text, optionally of one category, by name. */
	@Transactional(readOnly = true)
	Page<Product> search(@Nullable String text, @Nullable String category, int page, int size) {

		var pattern = text == null || text.isBlank() ? null
				: "%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		var filter = category == null || category.isBlank() ? null : category.trim();
		var where = """
				FROM catalog.products WHERE listed
				AND (CAST(:pattern AS TEXT) IS NULL OR name ILIKE :pattern OR description ILIKE :pattern)
				AND (CAST(:category AS TEXT) IS NULL OR category = :category)""";

		var total = jdbc.sql("SELECT count(*) " + where)
				.param("pattern", pattern)
				.param("category", filter)
				.query(Long.class)
				.single();
		List<Sku> skus = jdbc.sql("SELECT sku " + where + " ORDER BY lower(name), sku LIMIT :limit OFFSET :offset")
				.param("pattern", pattern)
				.param("category", filter)
				.param("limit", size)
				.param("offset", (long) page * size)
				.query((row, number) -> new Sku(row.getString("sku")))
				.list();

		var found = StreamSupport.stream(products.findAllById(skus).spliterator(), false)
				.collect(Collectors.toMap(Product::getId, Function.identity()));

		return new PageImpl<>(skus.stream().map(found::get).filter(it -> it != null).toList(),
				PageRequest.of(page, size), total);
	}

	private Product locked(String sku) {

		if (!Sku.isValid(sku)) {
			throw new ProductNotFound(sku);
		}

		return products.findLockedBySku(new Sku(sku)).orElseThrow(() -> new ProductNotFound(sku));
	}

	private void inShopCurrency(Money price) {

		if (!price.currency().equals(settings.currency())) {
			throw new CurrencyNotSupported(price.currency(), settings.currency());
		}
	}
}
