package com.modularshop.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fragment behind {@link ProductStocks}: one locking SELECT mapped by hand to the products' persistence
 * constructor, and one version-checked UPDATE of the reserved column per product.
 */
class ProductStocksImpl implements ProductStocks {

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;

	ProductStocksImpl(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Override
	public Map<String, Product> lockAll(Collection<String> skus) {

		if (skus.isEmpty()) {
			return Map.of();
		}

		var locked = new LinkedHashMap<String, Product>();
		jdbc.sql("""
				SELECT sku, name, description, category, price_amount, price_currency, on_hand, reserved, listed,
				  listed_at, version
				FROM catalog.products WHERE sku IN (:skus) ORDER BY sku FOR UPDATE""")
				.param("skus", skus)
				.query(ProductStocksImpl::product)
				.list()
				.forEach(product -> locked.put(product.getId().code(), product));

		return locked;
	}

	@Override
	public void saveStock(Collection<Product> products) {

		for (var product : products) {

			var updated = jdbc.sql("""
					UPDATE catalog.products SET reserved = :reserved, version = version + 1
					WHERE sku = :sku AND version = :version""")
					.param("reserved", product.reserved())
					.param("sku", product.getId().code())
					.param("version", product.version())
					.update();

			if (updated != 1) {
				throw new OptimisticLockingFailureException("Product %s changed since it was read (version %s)"
						.formatted(product.getId().code(), product.version()));
			}

			product.saved().forEach(events::publishEvent);
		}
	}

	/** What Spring Data JDBC would read for the product, column by column. */
	private static Product product(ResultSet row, int number) throws SQLException {

		var price = new Money(row.getBigDecimal("price_amount"), row.getString("price_currency"));

		return new Product(new Sku(row.getString("sku")), row.getString("name"), row.getString("description"),
				row.getString("category"), price, row.getInt("on_hand"), row.getInt("reserved"), row.getBoolean("listed"),
				row.getObject("listed_at", OffsetDateTime.class).toInstant(), row.getLong("version"));
	}
}
