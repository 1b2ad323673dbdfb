package com.modularshop.catalog;

import java.util.Collection;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The fragment behind {@link ProductStocks}: one version-checked UPDATE of the reserved column per product. */
class ProductStocksImpl implements ProductStocks {

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;

	ProductStocksImpl(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
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
}
