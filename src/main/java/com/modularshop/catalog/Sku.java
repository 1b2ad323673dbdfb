package com.modularshop.catalog;

import java.util.regex.Pattern;

import org.jmolecules.ddd.types.Identifier;

/**
 * A stock keeping unit: the product's identity, chosen by whoever lists it and quoted by every message about it.
 */
record Sku(String code) implements Identifier {

	static final String FORMAT = "^[A-Za-z0-9._-]{1,64}$";
	private static final Pattern PATTERN = Pattern.compile(FORMAT);

	Sku {
		if (!isValid(code)) {
			throw new InvalidSku(code);
		}
	}

	static boolean isValid(String code) {
		return code != null && PATTERN.matcher(code).matches();
	}

	@Override
	public String toString() {
		return code;
	}

	static class InvalidSku extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidSku(String code) {
			super("'%s' is not a valid SKU (1 to 64 letters, digits, '-', '_' or '.')".formatted(code));
		}
	}
}
