package com.modularshop.user;

import static org.assertj.core.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

/**
 * An unknown email is checked against a hash that costs as much as a real account's: the written one while the
 * encoder takes it as current, a new one when the encoder's cost is raised.
 */
class AccessTokensUnitTests {

	@Test
	void checksUnknownEmailsAgainstTheWrittenHashAtTheDefaultEncodersCost() {

		var passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

		assertThat(AccessTokens.unknownAccountHash(passwords)).isSameAs(AccessTokens.UNKNOWN_ACCOUNT_HASH)
				.matches("\\{bcrypt}\\$2a\\$10\\$[./A-Za-z0-9]{53}");
		assertThat(passwords.matches("a guess", AccessTokens.UNKNOWN_ACCOUNT_HASH)).isFalse();
	}

	@Test
	void hashesAnewWhenTheEncoderCostsMore() {

		var passwords = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(11)));

		var hash = AccessTokens.unknownAccountHash(passwords);

		assertThat(hash).startsWith("{bcrypt}$2a$11$");
		assertThat(passwords.upgradeEncoding(hash)).isFalse();
	}
}
