package com.modularshop.infrastructure.modules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.modulith.ApplicationModule;
import org.springframework.util.ClassUtils;

/**
 * Which application modules run in this process and which run elsewhere, as {@code shop.modules.<module>.mode} says.
 * The modules are the sibling packages of {@code infrastructure} that carry {@code @ApplicationModule}, so the switch
 * works for any module without naming one here.
 */
public final class Deployment {

	/** Spring Modulith's switch for sending events to a broker: what carries messages to and from remote modules. */
	public static final String EXTERNALIZATION = "spring.modulith.events.externalization.enabled";

	private static final String MODE_KEY = "shop.modules";
	private static final Pattern CREATE_SCHEMA = Pattern
			.compile("(?i)\\bCREATE\\s+SCHEMA\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)");
	private static final Pattern DEPENDENCY = Pattern.compile("\\s*(\\w+)\\s*::\\s*(\\w+)\\s*");

	private final String basePackage;
	private final Map<String, ModuleMode> modes;
	private final Map<String, Set<String>> allowedDependencies;

	private Deployment(String basePackage, Map<String, ModuleMode> modes, Map<String, Set<String>> allowed) {
		this.basePackage = basePackage;
		this.modes = modes;
		this.allowedDependencies = allowed;
	}

	/**
	 * Reads the modes from the environment; fails on a mode for a module that does not exist, so that a typo cannot
	 * silently leave a module running twice.
	 */
	public static Deployment from(Environment environment) {

		// com.modularshop.infrastructure.modules → com.modularshop
		var basePackage = ClassUtils.getPackageName(ClassUtils.getPackageName(Deployment.class.getPackageName()));
		var modules = detectModules(basePackage);
		var configured = Binder.get(environment)
				.bind(MODE_KEY, Bindable.mapOf(String.class, ModulesSettings.Module.class))
				.orElse(Map.of());

		var unknown = new TreeSet<>(configured.keySet());
		unknown.removeAll(modules.keySet());
		if (!unknown.isEmpty()) {
			throw new IllegalStateException("%s.%s: no such module; the modules are %s".formatted(MODE_KEY,
					String.join(", ", unknown), String.join(", ", modules.keySet())));
		}

		var modes = new TreeMap<String, ModuleMode>();
		modules.keySet().forEach(module -> modes.put(module,
				configured.containsKey(module) ? configured.get(module).mode() : ModuleMode.LOCAL));

		return new Deployment(basePackage, Collections.unmodifiableMap(modes), modules);
	}

	/** Whether messages leave this process through Kafka ({@value #EXTERNALIZATION}, off unless set). */
	public static boolean externalizes(Environment environment) {
		return environment.getProperty(EXTERNALIZATION, Boolean.class, false);
	}

	/** All application modules, by name. */
	public Set<String> modules() {
		return modes.keySet();
	}

	public Set<String> local() {
		return withMode(ModuleMode.LOCAL);
	}

	public Set<String> remote() {
		return withMode(ModuleMode.REMOTE);
	}

	public boolean isLocal(String module) {
		return modes.get(module) == ModuleMode.LOCAL;
	}

	public boolean allLocal() {
		return remote().isEmpty();
	}

	/** The module a type belongs to, by its package. */
	public Optional<String> moduleOf(String className) {

		if (!className.startsWith(basePackage + ".")) {
			return Optional.empty();
		}

		var rest = className.substring(basePackage.length() + 1);
		var dot = rest.indexOf('.');

		return dot < 0 ? Optional.empty() : Optional.of(rest.substring(0, dot)).filter(modes::containsKey);
	}

	/** The package of a module, to recognise its types and its listeners' ids. */
	public String packageOf(String module) {
		return basePackage + "." + module;
	}

	/**
	 * Modules that may use the given named interface of another module ({@code allowedDependencies = "catalog ::
	 * commands"}): for events the modules that may listen to them, for commands the modules that may send them.
	 */
	public Set<String> modulesAllowedToUse(String module, String namedInterface) {
		return allowedDependencies.entrySet().stream()
				.filter(it -> it.getValue().contains(module + "::" + namedInterface))
				.map(Map.Entry::getKey)
				.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * The schema a module owns: the one its own migrations ({@code db/migration/<module>/}) create, the rule the
	 * boundary tests enforce.
	 */
	public Optional<String> schemaOf(String module) {

		try {
			var migrations = new ArrayList<>(Arrays.asList(new PathMatchingResourcePatternResolver(
					Deployment.class.getClassLoader()).getResources("classpath*:db/migration/" + module + "/*.sql")));
			migrations.sort(Comparator.comparing(Resource::getFilename, Comparator.nullsLast(Comparator.naturalOrder())));

			for (var migration : migrations) {
				var matcher = CREATE_SCHEMA.matcher(migration.getContentAsString(StandardCharsets.UTF_8));
				if (matcher.find()) {
					return Optional.of(matcher.group(1));
				}
			}

			return Optional.empty();
		} catch (IOException e) {
			throw new UncheckedIOException("Could not read the migrations of module " + module, e);
		}
	}

	@Override
	public String toString() {
		return "local " + local() + ", remote " + remote();
	}

	private Set<String> withMode(ModuleMode mode) {
		return modes.entrySet().stream().filter(it -> it.getValue() == mode).map(Map.Entry::getKey)
				.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Map<String, Set<String>> detectModules(String basePackage) {

		var modules = new LinkedHashMap<String, Set<String>>();
		var classLoader = Deployment.class.getClassLoader();

		try {
			var root = ClassUtils.convertClassNameToResourcePath(basePackage) + "/";
			// "**" as component scanning uses it: it also works inside the executable jar
			for (var resource : new PathMatchingResourcePatternResolver(classLoader)
					.getResources("classpath*:" + root + "**/package-info.class")) {
				var url = resource.getURL().toString();
				var folder = url.substring(0, url.length() - "/package-info.class".length());
				var module = folder.substring(folder.lastIndexOf('/') + 1);
				if (!folder.endsWith(root + module)) {
					continue; // the base package itself or a deeper one
				}
				var annotation = ClassUtils.forName(basePackage + "." + module + ".package-info", classLoader)
						.getAnnotation(ApplicationModule.class);
				if (annotation != null) {
					modules.put(module, Arrays.stream(annotation.allowedDependencies())
							.map(DEPENDENCY::matcher)
							.filter(java.util.regex.Matcher::matches)
							.map(it -> it.group(1) + "::" + it.group(2))
							.collect(Collectors.toUnmodifiableSet()));
				}
			}
		} catch (IOException | ClassNotFoundException e) {
			throw new IllegalStateException("Could not detect the application modules under " + basePackage, e);
		}

		return new TreeMap<>(modules);
	}
}
