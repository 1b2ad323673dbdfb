package com.modularshop.user;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jmolecules.ddd.types.ValueObject;

/**
 * An email address in its normal form (trimmed, lower case), so that one address means one account.
 */
record EmailAddress(String email) implements ValueObject {

	// Deliberately simple: one @, something on both sides, a dot in the domain, no white space.
	private static final Pattern FORMAT = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	EmailAddress {

		if (email == null || !FORMAT.matcher(email.trim()).matches() || email.trim().length() > 254) {
			throw new InvalidEmailAddress(email);
		}

		email = email.trim().toLowerCase(Locale.ROOT);
	}

	static class InvalidEmailAddress extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidEmailAddress(String email) {
			super("'%s' is not a valid email address".formatted(email));
		}
	}
}
