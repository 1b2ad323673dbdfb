package com.modularshop.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import org.jmolecules.ddd.types.ValueObject;

/**
 * An amount in a currency, never negative, with at most {@value #MAX_INTEGER_DIGITS} integer digits and no more
 * decimals than the currency has (stored in that scale, so {@code 10} and {@code 10.00} EUR are the same price).
 */
record Money(BigDecimal amount, String currency) implements ValueObject {

	// A bound that any real price fits, checked before scaling: 1e100000 is a short JSON number but 100,000 digits.
	static final int MAX_INTEGER_DIGITS = 12;

	Money {

		if (amount == null || currency == null) {
			throw new InvalidMoney("A price needs an amount and a currency");
		}

		Currency unit;

		try {
			unit = Currency.getInstance(currency);
		} catch (IllegalArgumentException unknown) {
			throw new InvalidMoney("'%s' is not an ISO 4217 currency code".formatted(currency));
		}

		if (amount.signum() < 0) {
			throw new InvalidMoney("A price cannot be negative");
		}

		if (amount.signum() > 0 && amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
			throw new InvalidMoney("A price has at most %d integer digits".formatted(MAX_INTEGER_DIGITS));
		}

		try {
			amount = amount.setScale(Math.max(unit.getDefaultFractionDigits(), 0), RoundingMode.UNNECESSARY);
		} catch (ArithmeticException tooPrecise) {
			throw new InvalidMoney("%s has at most %d decimals".formatted(currency, unit.getDefaultFractionDigits()));
		}
	}

	static class InvalidMoney extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidMoney(String message) {
			super(message);
		}
	}
}
