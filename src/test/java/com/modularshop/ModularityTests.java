package com.modularshop;

import static org.assertj.core.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import com.modularshop.architecture.BoundaryRules;
import com.modularshop.architecture.SqlOwnership;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The boundaries CI enforces on the application itself. {@code BoundaryRulesTests} proves each rule fails on a
 * violating fixture.
 */
class ModularityTests {

	static final String ROOT = ModularShopApplication.class.getPackageName();
	static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	static final ApplicationModules modules = ApplicationModules.of(ModularShopApplication.class);
	static final JavaClasses classes = new ClassFileImporter()
			.withImportOption(new ImportOption.DoNotIncludeTests())
			.importPackages(ROOT);

	@Test
	void detectsTheFourApplicationModules() {

		assertThat(modules.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
				.containsExactlyInAnyOrder("user", "catalog", "order", "notification");
	}

	@Test
	void verifiesModuleDependenciesAndJMoleculesRules() {
		modules.verify();
	}

	@Test
	void modulesAreReachedOnlyThroughTheirMessages() {
		BoundaryRules.modulesAreReachedOnlyThroughTheirMessages(ROOT).check(classes);
	}

	@Test
	void messagesAreSelfContainedRecords() {
		BoundaryRules.messagesAreSelfContainedRecords(ROOT).check(classes);
	}

	@Test
	void modulesTouchOnlyTheirOwnSchema() {

		var ownership = SqlOwnership.scan(MIGRATIONS);

		assertThat(ownership.schemas()).extractingFromEntries(Map.Entry::getKey, it -> it.getValue().schema())
				.containsExactlyInAnyOrder(tuple("user", "users"), tuple("catalog", "catalog"),
						tuple("order", "ordering"), tuple("notification", "notification"));
		assertThat(ownership.violations(classes, ROOT)).isEmpty();
		assertThat(ownership.sourceViolations(Path.of("src/main/java"), ROOT)).isEmpty();
	}
}
