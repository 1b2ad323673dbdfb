package com.modularshop.architecture;

import static org.assertj.core.api.Assertions.*;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import com.modularshop.ModularShopApplication;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Every package of the application is {@code @NullMarked} (JSpecify): a value is never null unless its type says
 * {@code @Nullable}. The annotation holds for its own package only, not for sub-packages, so each package needs its
 * own {@code package-info.java}. The rule is proven on {@code fixtures.nullness}, which has a package without one.
 */
class NullMarkedPackagesTests {

	@Test
	void everyPackageOfTheApplicationIsNullMarked() {

		var application = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
				.importPackages(ModularShopApplication.class.getPackageName());

		assertThat(application).as("classes of the application").isNotEmpty();
		assertThat(packagesNotNullMarked(application)).as("packages without @NullMarked in their package-info.java")
				.isEmpty();
	}

	@Test
	void reportsPackagesWithoutNullMarkedIncludingSubPackagesOfMarkedOnes() {

		var fixtures = new ClassFileImporter().importPackages("fixtures.nullness");

		assertThat(packagesNotNullMarked(fixtures))
				.containsExactly("fixtures.nullness.marked.sub", "fixtures.nullness.unmarked");
	}

	static Set<String> packagesNotNullMarked(JavaClasses classes) {

		return classes.stream()
				.map(JavaClass::getPackage)
				.filter(it -> !it.isAnnotatedWith(NullMarked.class))
				.map(JavaPackage::getName)
				.collect(Collectors.toCollection(TreeSet::new));
	}
}
