package com.modularshop.catalog;

import static org.assertj.core.api.Assertions.*;
import static org.springframework.modulith.test.AggregateTestUtils.*;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.modularshop.catalog.CatalogExceptions.InsufficientStock;
import com.modularshop.catalog.CatalogExceptions.ProductNotListed;
import com.modularshop.catalog.Money.InvalidMoney;
import com.modularshop.catalog.Sku.InvalidSku;
import com.modularshop.catalog.events.ProductDelisted;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.ProductUpdated;

class ProductUnitTests {

	static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	Product product = Product.listForSale(new Sku("MUG-1"), " Mug ", "A mug", " kitchen ", euros("9.9"), 5, NOW);

	@Test
	void listingAnnouncesTheProductWithItsPrice() {

		var listed = eventsOf(product).ofType(ProductListed.class).iterator().next();

		assertThat(listed.sku()).isEqualTo("MUG-1");
		assertThat(listed.name()).isEqualTo("Mug");
		assertThat(listed.category()).isEqualTo("kitchen");
		assertThat(listed.price()).isEqualByComparingTo("9.90").hasToString("9.90");
		assertThat(listed.currency()).isEqualTo("EUR");
		assertThat(listed.eventId()).isNotNull();
		assertThat(listed.listedAt()).isEqualTo(NOW);
	}

	@Test
	void validatesSkusAndMoney() {

		assertThat(new Sku("a.B-9_z")).isEqualTo(new Sku("a.B-9_z"));
		assertThatExceptionOfType(InvalidSku.class).isThrownBy(() -> new Sku(""));
		assertThatExceptionOfType(InvalidSku.class).isThrownBy(() -> new Sku("has space"));
		assertThatExceptionOfType(InvalidSku.class).isThrownBy(() -> new Sku("x".repeat(65)));

		assertThat(euros("10")).isEqualTo(euros("10.00"));
		assertThatExceptionOfType(InvalidMoney.class).isThrownBy(() -> euros("-1"));
		assertThatExceptionOfType(InvalidMoney.class).isThrownBy(() -> euros("1.001"));
		assertThatExceptionOfType(InvalidMoney.class).isThrownBy(() -> euros("1e100000"));
		assertThatExceptionOfType(InvalidMoney.class).isThrownBy(() -> euros("1000000000000"));
		assertThat(euros("999999999999.99").amount()).isEqualByComparingTo("999999999999.99");
		assertThatExceptionOfType(InvalidMoney.class).isThrownBy(() -> new Money(BigDecimal.ONE, "XYZ1"));
	}

	@Test
	void availableIsOnHandMinusReserved() {

		product.reserve(3);

		assertThat(product.available()).isEqualTo(2);
		assertThat(product.canReserve(2)).isTrue();
		assertThat(product.canReserve(3)).isFalse();

		product.release(3);
		assertThat(product.available()).isEqualTo(5);
	}

	@Test
	void neverDropsStockOnHandBelowWhatIsReserved() {

		product.reserve(4);

		assertThatExceptionOfType(InsufficientStock.class).isThrownBy(() -> product.adjustStock(-2));
		assertThat(product.adjustStock(-1).onHand()).isEqualTo(4);
		assertThat(product.adjustStock(10).available()).isEqualTo(10);
	}

	@Test
	void updatesAnnounceTheNewPrice() {

		product.update("Big mug", "A bigger mug", null, euros("12.50"), NOW.plusSeconds(1));

		var updated = eventsOf(product).ofType(ProductUpdated.class).iterator().next();
		assertThat(updated.price()).isEqualByComparingTo("12.50");
		assertThat(updated.category()).isNull();
		assertThat(updated.updatedAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@Test
	void delistsOnceAndThenRefusesReservationsAndUpdates() {

		product.delist(NOW).delist(NOW);

		assertThat(eventsOf(product).ofType(ProductDelisted.class)).hasSize(1);
		assertThat(product.canReserve(1)).isFalse();
		assertThatExceptionOfType(ProductNotListed.class)
				.isThrownBy(() -> product.update("Mug", "", null, euros("1"), NOW));
	}

	static Money euros(String amount) {
		return new Money(new BigDecimal(amount), "EUR");
	}
}
