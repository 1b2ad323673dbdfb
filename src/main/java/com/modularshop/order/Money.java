package com.modularshop.order;

import java.math.BigDecimal;
import java.util.Currency;

import org.jmolecules.ddd.types.ValueObject;

/**
 * An amount in a currency as the order module prices lines and totals; amounts of different currencies never add up.
 */
record Money(BigDecimal amount, String currency) implements ValueObject {

	Money {

		if (amount == null || currency == null) {
			throw new IllegalArgumentException("Money needs an amount and a currency");
		}

		Currency.getInstance(currency);
	}

	Money times(int factor) {
		return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
	}

	Money plus(Money other) {

		if (!currency.equals(other.currency)) {
			throw new IllegalArgumentException("Cannot add %s to %s".formatted(other.currency, currency));
		}

		return new Money(amount.add(other.amount), currency);
	}
}
