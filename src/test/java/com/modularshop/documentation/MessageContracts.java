package com.modularshop.documentation;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The JSON contract of a message, generated from its record: a JSON Schema (draft 2020-12) of the JSON Jackson writes
 * for it, and the rule that decides whether a new version of the record can replace a committed contract.
 *
 * <p>The rule: fields may be added (consumers ignore what they do not know, and read a field they expect but an older
 * producer does not write as null). A field removed, renamed or given another type breaks consumers that read it:
 * such a change is a new version, a new record next to the old one ({@code OrderConfirmedV2}, logical type
 * {@code order.OrderConfirmed.v2}), produced alongside until no consumer needs the old one.
 */
final class MessageContracts {

	private MessageContracts() {}

	/** The JSON Schema of a message type, with the topic and key it travels under. */
	static Map<String, Object> schema(String logicalName, Class<?> type, String topic, String key) {

		var schema = new LinkedHashMap<String, Object>();
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		schema.put("title", logicalName);
		schema.put("description", "Java record %s; Kafka topic %s, keyed by %s; headers eventId and messageType (%s)"
				.formatted(type.getName(), topic, key, logicalName));
		schema.putAll(object(type));

		return schema;
	}

	/**
	 * What in the current schema breaks consumers of the committed one, each naming the message and the field; empty
	 * when the change is compatible.
	 */
	static List<String> incompatibilities(String message, Map<String, Object> committed, Map<String, Object> current) {
		var problems = new ArrayList<String>();
		compare(message, "", committed, current, problems);
		return problems;
	}

	@SuppressWarnings("unchecked")
	private static void compare(String message, String path, Map<String, Object> committed,
			Map<String, Object> current, List<String> problems) {

		if (!Objects.equals(committed.get("type"), current.get("type"))
				&& !(isNullable(current) && Objects.equals(committed.get("type"), nonNull(current)))) {
			problems.add("%s: field '%s' changed its type from %s to %s".formatted(message, path, committed.get("type"),
					current.get("type")));
			return;
		}
		if (!Objects.equals(committed.get("format"), current.get("format"))) {
			problems.add("%s: field '%s' changed its format from %s to %s".formatted(message, path,
					committed.get("format"), current.get("format")));
		}

		var before = (Map<String, Object>) committed.getOrDefault("properties", Map.of());
		var after = (Map<String, Object>) current.getOrDefault("properties", Map.of());

		before.forEach((name, schema) -> {
			var field = path.isEmpty() ? name : path + "." + name;
			if (!after.containsKey(name)) {
				problems.add("%s: field '%s' was removed or renamed".formatted(message, field));
			} else {
				compare(message, field, (Map<String, Object>) schema, (Map<String, Object>) after.get(name), problems);
			}
		});

		if (committed.get("items") instanceof Map<?, ?> items && current.get("items") instanceof Map<?, ?> now) {
			compare(message, path + "[]", (Map<String, Object>) items, (Map<String, Object>) now, problems);
		}
	}

	private static boolean isNullable(Map<String, Object> schema) {
		return schema.get("type") instanceof List<?> types && types.contains("null");
	}

	private static Object nonNull(Map<String, Object> schema) {
		return ((List<?>) schema.get("type")).stream().filter(it -> !"null".equals(it)).findFirst().orElse(null);
	}

	private static Map<String, Object> object(Class<?> type) {

		var properties = new LinkedHashMap<String, Object>();
		var required = new ArrayList<String>();

		for (var component : type.getRecordComponents()) {
			var nullable = component.isAnnotationPresent(Nullable.class)
					|| component.getAnnotatedType().isAnnotationPresent(Nullable.class);
			var schema = of(component.getGenericType());
			if (nullable) {
				schema.put("type", List.of(schema.get("type"), "null"));
			}
			properties.put(component.getName(), schema);
			required.add(component.getName());
		}

		var object = new LinkedHashMap<String, Object>();
		object.put("type", "object");
		object.put("properties", properties);
		object.put("required", required);

		return object;
	}

	private static Map<String, Object> of(Type type) {

		var schema = new LinkedHashMap<String, Object>();

		if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
			schema.put("type", "array");
			schema.put("items", of(list.getActualTypeArguments()[0]));
		} else if (type == UUID.class) {
			schema.put("type", "string");
			schema.put("format", "uuid");
		} else if (type == Instant.class) {
			schema.put("type", "string");
			schema.put("format", "date-time");
		} else if (type == String.class) {
			schema.put("type", "string");
		} else if (type == BigDecimal.class || type == double.class || type == Double.class) {
			schema.put("type", "number");
		} else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			schema.put("type", "integer");
		} else if (type == boolean.class || type == Boolean.class) {
			schema.put("type", "boolean");
		} else if (type instanceof Class<?> record && record.isRecord()) {
			schema.putAll(object(record));
		} else {
			throw new IllegalArgumentException("No JSON contract for " + type + "; messages hold JDK types and records");
		}

		return schema;
	}
}
