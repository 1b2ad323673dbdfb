package com.modularshop.infrastructure.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;

import java.lang.reflect.Type;
import java.util.Iterator;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Marks the schema property of a record component annotated with JSpecify's {@code @Nullable} as {@code nullable}.
 * The annotation is a type-use annotation, which swagger-core does not see, so without this the description would
 * promise a value where the API answers {@code null} (an order's {@code rejectionReason}, a product's
 * {@code category}), and a generated client or the test suite's response check would trip over it.
 */
class NullableRecordComponents implements ModelConverter {

	@Override
	@SuppressWarnings("rawtypes")
	public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {

		var schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;

		if (schema == null || type.getType() == null) {
			return schema;
		}

		var record = rawClass(type.getType());

		if (record == null || !record.isRecord()) {
			return schema;
		}

		var model = schema.get$ref() == null ? schema
				: context.getDefinedModels().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));

		if (model == null || model.getProperties() == null) {
			return schema;
		}

		for (var component : record.getRecordComponents()) {
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				var renamed = component.getAccessor().getAnnotation(JsonProperty.class);
				var name = renamed == null ? component.getName() : renamed.value();
				var property = (Schema<?>) model.getProperties().get(name);
				if (property != null) {
					property.setNullable(true);
				}
			}
		}

		return schema;
	}

	/** A class, or swagger-core's Jackson 2 {@code JavaType} (Jackson 2 is not on this project's compile path). */
	private static @Nullable Class<?> rawClass(Type type) {

		if (type instanceof Class<?> plain) {
			return plain;
		}

		try {
			return type.getClass().getMethod("getRawClass").invoke(type) instanceof Class<?> raw ? raw : null;
		} catch (ReflectiveOperationException notAJavaType) {
			return null;
		}
	}
}
