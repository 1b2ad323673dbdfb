package com.modularshop.order;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.catalog.events.ProductDelisted;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.ProductUpdated;

/**
 * The order module's own copy of what the catalog sells, fed by catalog events, so that placing an order never asks
 * the catalog. The events may arrive late, twice or out of order: a change applies only if it is newer than what is
 * stored, and a delisting is final whatever arrives after it.
 */
@Component
class KnownProducts {

	record KnownProduct(String sku, String name, Money price) {}

	private final JdbcClient jdbc;

	KnownProducts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@ApplicationModuleListener
	void on(ProductListed event) {
		remember(event.sku(), event.name(), event.price(), event.currency(), event.listedAt());
	}

	@ApplicationModuleListener
	void on(ProductUpdated event) {
		remember(event.sku(), event.name(), event.price(), event.currency(), event.updatedAt());
	}

	@ApplicationModuleListener
	void on(ProductDelisted event) {

		jdbc.sql("""
				INSERT INTO ordering.products (sku, listed) VALUES (:sku, false)
				ON CONFLICT (sku) DO UPDATE SET listed = false""")
				.param("sku", event.sku())
				.update();
	}

	/** The listed products among the SKUs, by SKU. */
	Map<String, KnownProduct> forSale(Collection<String> skus) {

		if (skus.isEmpty()) {
			return Map.of();
		}

		return jdbc.sql("""
				SELECT sku, name, price, currency FROM ordering.products
				WHERE sku IN (:skus) AND listed AND name IS NOT NULL""")
				.param("skus", skus)
				.query((row, number) -> new KnownProduct(row.getString("sku"), row.getString("name"),
						new Money(row.getBigDecimal("price"), row.getString("currency"))))
				.list()
				.stream()
				.collect(Collectors.toMap(KnownProduct::sku, it -> it));
	}

	private void remember(String sku, String name, BigDecimal price, String currency, Instant at) {

		jdbc.sql("""
				INSERT INTO ordering.products AS p (sku, name, price, currency, listed, changed_at)
				VALUES (:sku, :name, :price, :currency, true, :at)
				ON CONFLICT (sku) DO UPDATE
				SET name = excluded.name, price = excluded.price, currency = excluded.currency,
				    changed_at = excluded.changed_at
				WHERE p.changed_at IS NULL OR p.changed_at < excluded.changed_at""")
				.param("sku", sku)
				.param("name", name)
				.param("price", price)
				.param("currency", currency)
				.param("at", Timestamp.from(at))
				.update();
	}
}
