package com.modularshop.infrastructure.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Every string of every JSON request body goes through here: one that contains NUL (U+0000, valid JSON as
 * {@code "\u0000"} but refused by PostgreSQL in text) fails deserialization, which Spring MVC answers with 400.
 * Delegates rather than extends, so Jackson treats it as a custom deserializer also inside collections.
 */
class NulRefusingStringDeserializer extends StdScalarDeserializer<String> {

	NulRefusingStringDeserializer() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {

		var value = StringDeserializer.instance.deserialize(parser, context);

		if (value != null && value.indexOf('\0') >= 0) {
			throw context.weirdStringException(value.replace("\0", "\\u0000"), String.class,
					"NUL characters (U+0000) are not accepted");
		}

		return value;
	}
}
