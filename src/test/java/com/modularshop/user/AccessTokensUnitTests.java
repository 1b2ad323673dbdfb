package com.modularshop.user;

import static org.assertj.core.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

/**
 * An unknown email is checked against a hash that costs as much as a real account's: the written one while the
 * encoder hashes with bcrypt at its cost, a new one for another cost or encoder.
 */
class AccessTokensUnitTests {

	@Test
	void checksUnknownEmailsAgainstTheWrittenHashAtTheDefaultEncodersCost() {

		var passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

		assertThat(AccessTokens.unknownAccountHash(passwords)).isSameAs(AccessTokens.UNKNOWN_ACCOUNT_HASH)
				.matches("\\{bcrypt}\\$2a\\$10\\$[./A-Za-z0-9]{53}");
		assertThat(passwords.matches("a guess", AccessTokens.UNKNOWN_ACCOUNT_HASH)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 9, 11 })
	void hashesAnewWhenTheEncoderCostsMoreOrLess(int cost) {

		var passwords = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(cost)));

		var hash = AccessTokens.unknownAccountHash(passwords);

		assertThat(hash).startsWith("{bcrypt}$2a$%02d$".formatted(cost));
		assertThat(passwords.upgradeEncoding(hash)).isFalse();
	}

	@Test
	void hashesAnewForAnEncoderWithoutIds() {

		var passwords = new BCryptPasswordEncoder();

		var hash = AccessTokens.unknownAccountHash(passwords);

		assertThat(hash).startsWith("$2a$10$");
		assertThat(passwords.matches("a guess", hash)).isFalse();
	}
}
