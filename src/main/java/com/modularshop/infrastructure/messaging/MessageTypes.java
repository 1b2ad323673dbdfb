package com.modularshop.infrastructure.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jmolecules.event.annotation.Externalized;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import com.modularshop.infrastructure.modules.Deployment;

/**
 * Every message that can travel between processes: the records annotated with jMolecules' {@code @Externalized} in the
 * modules' {@code events} and {@code commands} packages. For each it knows the topic and key (from the annotation), a
 * versioned logical type name independent of the Java class ({@code order.OrderConfirmed.v1}), who sends it and who
 * may consume it, and from that what this process externalizes and what it consumes.
 *
 * <p>Senders and consumers come from the modules' declared dependencies: an event is sent by the module that owns it
 * and consumed by the modules allowed to depend on its {@code events}; a command is consumed by the module that owns
 * it and sent by the modules allowed to depend on its {@code commands}.
 */
public final class MessageTypes {

	/** The record header carrying the message's {@code eventId}. */
	public static final String EVENT_ID_HEADER = "eventId";

	/** The record header carrying the logical type name. */
	public static final String TYPE_HEADER = "messageType";

	/** {@code OrderConfirmedV2} is version 2 of {@code OrderConfirmed}; a name without the suffix is version 1. */
	private static final Pattern VERSIONED = Pattern.compile("(.+?)V(\\d+)");

	/**
	 * One message type.
	 *
	 * @param type the record
	 * @param module the module that owns it (its package)
	 * @param kind {@code events} or {@code commands}
	 * @param logicalName {@code <module>.<Name>.v<version>}, what the type header says
	 * @param topic where it is externalized
	 * @param senders the modules that publish it
	 * @param consumers the modules that may listen to it
	 */
	public record MessageType(Class<?> type, String module, String kind, String logicalName, String topic,
			Set<String> senders, Set<String> consumers) {}

	private final Deployment deployment;
	private final Map<Class<?>, MessageType> byType;
	private final Map<String, MessageType> byName;

	private MessageTypes(Deployment deployment, Collection<MessageType> types) {
		this.deployment = deployment;
		this.byType = types.stream().collect(Collectors.toUnmodifiableMap(MessageType::type, Function.identity()));
		this.byName = types.stream().collect(Collectors.toUnmodifiableMap(MessageType::logicalName, Function.identity()));
	}

	/** Finds the message types of every module. */
	public static MessageTypes scan(Deployment deployment) {

		var scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isIndependent();
			}
		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(Externalized.class));

		var types = new ArrayList<MessageType>();

		for (var module : deployment.modules()) {
			for (var candidate : scanner.findCandidateComponents(deployment.packageOf(module))) {
				types.add(describe(deployment, module, ClassUtils.resolveClassName(candidate.getBeanClassName(),
						MessageTypes.class.getClassLoader())));
			}
		}

		return new MessageTypes(deployment, types);
	}

	private static MessageType describe(Deployment deployment, String module, Class<?> type) {

		var kind = ClassUtils.getPackageName(type).substring(deployment.packageOf(module).length() + 1);
		var target = type.getAnnotation(Externalized.class).value();
		var topic = target.contains("::") ? target.substring(0, target.indexOf("::")) : target;
		var matcher = VERSIONED.matcher(type.getSimpleName());
		var name = matcher.matches() ? matcher.group(1) + ".v" + matcher.group(2) : type.getSimpleName() + ".v1";

		var commands = kind.equals("commands");
		Set<String> senders = commands ? deployment.modulesAllowedToUse(module, kind) : Set.of(module);
		Set<String> consumers = commands ? Set.of(module) : deployment.modulesAllowedToUse(module, kind);

		return new MessageType(type, module, kind, module + "." + name, topic, senders, consumers);
	}

	public List<MessageType> all() {
		return byType.values().stream().sorted(Comparator.comparing(MessageType::logicalName)).toList();
	}

	public Optional<MessageType> of(Class<?> type) {
		return Optional.ofNullable(byType.get(type));
	}

	/** Every topic a message can go to. */
	public SortedSet<String> topics() {
		return byType.values().stream().map(MessageType::topic).collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Whether this process externalizes the message: it is sent from here. A message that arrived from Kafka was sent
	 * by a remote module, so it never goes out again.
	 */
	public boolean externalizedHere(Object message) {
		return of(message.getClass()).filter(it -> it.senders().stream().anyMatch(deployment::isLocal)).isPresent();
	}

	/**
	 * Types this process takes from Kafka: a local module consumes them and no local module sends them (what is sent
	 * here is delivered here through the registry).
	 */
	public List<MessageType> inbound() {
		return all().stream()
				.filter(it -> it.consumers().stream().anyMatch(deployment::isLocal))
				.filter(it -> it.senders().stream().noneMatch(deployment::isLocal))
				.toList();
	}

	/** The type a record on the given topic declares, if this process accepts it from there. */
	public Optional<MessageType> inbound(String topic, String logicalName) {
		return Optional.ofNullable(byName.get(logicalName))
				.filter(it -> it.topic().equals(topic))
				.filter(inbound()::contains);
	}

	/** The local modules that consume a type: each records the message in its inbox. */
	public SortedSet<String> localConsumers(MessageType type) {
		return type.consumers().stream().filter(deployment::isLocal).collect(Collectors.toCollection(TreeSet::new));
	}

	/** The headers every externalized record carries (raw UTF-8 values). */
	public Map<String, Object> headers(Object message) {

		var type = of(message.getClass()).orElseThrow();

		return Map.of(EVENT_ID_HEADER, eventId(message).toString().getBytes(StandardCharsets.UTF_8),
				TYPE_HEADER, type.logicalName().getBytes(StandardCharsets.UTF_8));
	}

	/** The {@code eventId} every message carries. */
	static UUID eventId(Object message) {
		try {
			return (UUID) message.getClass().getMethod("eventId").invoke(message);
		} catch (ReflectiveOperationException | ClassCastException e) {
			throw new IllegalArgumentException(message.getClass().getName() + " carries no UUID eventId", e);
		}
	}
}
