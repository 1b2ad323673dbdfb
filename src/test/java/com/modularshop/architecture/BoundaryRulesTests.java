package com.modularshop.architecture;

import static org.assertj.core.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * Proves every boundary rule fails on the deliberately violating code in {@code fixtures.shop} and reports exactly the
 * offenders, not the well-formed code beside them. A rule that cannot fail protects nothing.
 */
class BoundaryRulesTests {

	static final String FIXTURES = "fixtures.shop";
	static final JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES);

	@Test
	void modulithVerificationRejectsReachingIntoAnotherModuleAndAggregateReferences() {

		// The fixtures live in test sources, which Spring Modulith skips by default.
		var modules = ApplicationModules.of(FIXTURES, location -> true);

		assertThat(modules.detectViolations().getMessages())
				.anySatisfy(it -> assertThat(it).contains("OrderDesk").contains("Inventory"))
				.anySatisfy(it -> assertThat(it).contains("Order").contains("Customer"))
				.noneSatisfy(it -> assertThat(it).contains("StockReserved"));
	}

	@Test
	void rejectsCodeThatReachesPastAModulesMessagePackages() {

		var result = BoundaryRules.modulesAreReachedOnlyThroughTheirMessages(FIXTURES).evaluate(classes);

		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().getDetails())
				.anySatisfy(it -> assertThat(it).contains("fixtures.shop.order.OrderDesk reaches into module 'catalog'")
						.contains("Inventory"))
				// not a module, still bound by the rule
				.anySatisfy(it -> assertThat(it).contains("fixtures.shop.infrastructure.Wiring reaches into module"))
				.noneSatisfy(it -> assertThat(it).contains("<fixtures.shop.catalog.events.StockReserved"));
	}

	@Test
	void rejectsMessagesThatAreNotSelfContainedRecords() {

		var result = BoundaryRules.messagesAreSelfContainedRecords(FIXTURES).evaluate(classes);

		assertThat(result.getFailureReport().getDetails())
				.anySatisfy(it -> assertThat(it).contains("StockCounted is not a record"))
				.anySatisfy(it -> assertThat(it).contains("InventoryChanged.inventory has a field of type "
						+ "fixtures.shop.catalog.Inventory"))
				.anySatisfy(it -> assertThat(it).contains("InventoryChanged.previous has a field of type "
						+ "fixtures.shop.catalog.Inventory"))
				.noneSatisfy(it -> assertThat(it).contains("StockReserved"));
	}

	@Test
	void rejectsSqlThatLeavesTheModulesSchema() {

		var ownership = SqlOwnership.scan(Path.of("src/test/resources/fixtures/shop/db/migration"));

		assertThat(ownership.violations(classes, FIXTURES))
				.anySatisfy(it -> assertThat(it).contains("V1__ordering.sql")
						.contains("references 'catalog.products' in another module's schema"))
				.anySatisfy(it -> assertThat(it).contains("names table 'order_lines' outside its schema 'ordering'"))
				.anySatisfy(it -> assertThat(it).contains("OrderRow maps a table in schema 'catalog'"))
				.anySatisfy(it -> assertThat(it).contains("query of fixtures.shop.order.OrderRows.findWithProducts()")
						.contains("catalog.products"))
				.noneSatisfy(it -> assertThat(it).contains("V1__catalog.sql"))
				.hasSize(4);
	}

	@Test
	void rejectsJdbcSqlThatReachesIntoAnotherModulesSchema() {

		var ownership = SqlOwnership.scan(Path.of("src/test/resources/fixtures/shop/db/migration"));

		assertThat(ownership.sourceViolations(Path.of("src/test/java"), FIXTURES))
				.anySatisfy(it -> assertThat(it).contains("OrderQueries.java of module 'order' references 'catalog.products'"))
				// the @Query string is a literal too
				.anySatisfy(it -> assertThat(it).contains("OrderRows.java of module 'order' references 'catalog.products'"))
				.hasSize(2);
	}

	@Test
	void readsOwnershipFromTheMigrations() {

		var ownership = SqlOwnership.scan(Path.of("src/test/resources/fixtures/shop/db/migration"));

		assertThat(ownership.schemas().get("order").schema()).isEqualTo("ordering");
		assertThat(ownership.schemas().get("order").tables()).containsExactly("order_lines", "ordering.orders");
		assertThat(ownership.crossSchemaReferencesByModule().get("order")).containsExactly("catalog.products");
	}
}
