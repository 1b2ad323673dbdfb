package com.modularshop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.*;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.modulith.ApplicationModule;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The boundary rules that Spring Modulith's own verification does not state in these words. Each takes the root
 * package so it can be run against the application and against the violating fixtures that prove it can fail.
 */
public final class BoundaryRules {

	/** The only packages of a module that others may see. */
	public static final Set<String> MESSAGE_PACKAGES = Set.of("events", "commands");

	/** The only non-JDK supertype a message may have: jMolecules' marker that makes it a documented domain event. */
	private static final String DOMAIN_EVENT = "org.jmolecules.event.types.DomainEvent";

	private static final Map<String, Set<String>> MODULES = new ConcurrentHashMap<>();

	private BoundaryRules() {}

	/**
	 * Any code, whether in another module or outside every module, may reference a module's types only in that
	 * module's {@code events} and {@code commands} packages.
	 */
	public static ArchRule modulesAreReachedOnlyThroughTheirMessages(String rootPackage) {

		return classes().that().resideInAPackage(rootPackage + "..")
				.should(new ArchCondition<>("reference other modules only through their events/commands packages") {

					@Override
					public void check(JavaClass type, ConditionEvents events) {

						var modules = modulesOf(type, rootPackage);
						var source = moduleOf(type, rootPackage, modules);

						for (Dependency dependency : type.getDirectDependenciesFromSelf()) {

							var target = dependency.getTargetClass().getBaseComponentType();
							var targetModule = moduleOf(target, rootPackage, modules);

							if (targetModule.isEmpty() || targetModule.equals(source)) {
								continue;
							}

							var messagePackages = MESSAGE_PACKAGES.stream()
									.map(it -> rootPackage + "." + targetModule.get() + "." + it)
									.toList();

							if (messagePackages.stream().noneMatch(it -> isInPackage(target, it))) {
								events.add(SimpleConditionEvent.violated(dependency, "%s reaches into module '%s': %s"
										.formatted(type.getName(), targetModule.get(), dependency.getDescription())));
							}
						}
					}
				})
				.allowEmptyShould(false);
	}

	/**
	 * Messages are public records whose fields hold only JDK types and records of their own package, so their JSON
	 * form is a contract a service lifted out of the monolith can consume without sharing code.
	 */
	public static ArchRule messagesAreSelfContainedRecords(String rootPackage) {

		var packages = MESSAGE_PACKAGES.stream().map(it -> rootPackage + ".*." + it + "..").toArray(String[]::new);

		return classes().that().resideInAnyPackage(packages).and().doNotHaveSimpleName("package-info")
				.should(new ArchCondition<>("be records of JDK types and records of their own package") {

					@Override
					public void check(JavaClass type, ConditionEvents events) {

						// an "events" package outside every module is no message package
						if (moduleOf(type, rootPackage, modulesOf(type, rootPackage)).isEmpty()) {
							return;
						}

						if (!type.getRawSuperclass().map(it -> it.isEquivalentTo(Record.class)).orElse(false)) {
							events.add(SimpleConditionEvent.violated(type, type.getName() + " is not a record"));
						}

						type.getRawInterfaces().stream()
								.filter(it -> !it.getName().equals(DOMAIN_EVENT))
								.forEach(it -> events.add(SimpleConditionEvent.violated(type,
										"%s implements %s".formatted(type.getName(), it.getName()))));

						for (JavaField field : type.getFields()) {

							if (field.getModifiers().contains(JavaModifier.STATIC)) {
								continue;
							}

							field.getType().getAllInvolvedRawTypes().stream()
									.map(JavaClass::getBaseComponentType)
									.filter(it -> !isContractType(it, type.getPackageName()))
									.forEach(it -> events.add(SimpleConditionEvent.violated(field,
											"%s has a field of type %s, neither a JDK type nor a record of %s"
													.formatted(field.getFullName(), it.getName(), type.getPackageName()))));
						}
					}
				})
				.allowEmptyShould(false);
	}

	private static boolean isContractType(JavaClass type, String messagePackage) {

		return type.isPrimitive()
				|| type.getPackageName().startsWith("java.")
				|| type.getPackageName().equals(messagePackage)
						&& type.getRawSuperclass().map(it -> it.isEquivalentTo(Record.class)).orElse(false);
	}

	private static boolean isInPackage(JavaClass type, String packageName) {
		return type.getPackageName().equals(packageName) || type.getPackageName().startsWith(packageName + ".");
	}

	/** The application modules: sub-packages of the root whose package-info is an {@link ApplicationModule}. */
	static Set<String> modulesOf(JavaClass anyType, String rootPackage) {

		return MODULES.computeIfAbsent(rootPackage, __ -> {

			var root = anyType.getPackage();

			while (!root.getName().equals(rootPackage)) {
				root = root.getParent().orElseThrow();
			}

			return root.getSubpackages().stream()
					.filter(it -> it.isAnnotatedWith(ApplicationModule.class))
					.map(JavaPackage::getRelativeName)
					.collect(Collectors.toUnmodifiableSet());
		});
	}

	static Optional<String> moduleOf(JavaClass type, String rootPackage, Set<String> modules) {

		var name = type.getPackageName();

		if (!name.startsWith(rootPackage + ".")) {
			return Optional.empty();
		}

		var first = name.substring(rootPackage.length() + 1).split("\\.")[0];

		return modules.contains(first) ? Optional.of(first) : Optional.empty();
	}
}
