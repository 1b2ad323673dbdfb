package com.modularshop.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import org.jmolecules.ddd.types.ValueObject;

/**
 * An amount in a currency, never negative, with no more decimals than the currency has (stored in that scale, so
 * {@code 10} and {@code 10.00} EUR are the same price).
 */
record Money(BigDecimal amount, String currency) implements ValueObject {

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
