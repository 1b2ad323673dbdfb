package com.modularshop.user;

import java.time.Duration;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

import com.modularshop.user.UserExceptions.InvalidCredentials;

/**
 * Exchanges email and password for a signed access token whose subject is the user id and whose {@code roles} claim
 * carries the account's roles. Issuer, audience and lifetime are the security infrastructure's policy.
 */
@Service
class AccessTokens {

	private final Accounts accounts;
	private final PasswordEncoder passwords;
	private final LoginThrottle throttle;
	private final JwtEncoder encoder;
	// Checked when no account matches, so an unknown email costs as much time as a wrong password.
	private final String unknownAccountHash;

	/**
	 * The hash of a random password nobody kept, at the default encoder's bcrypt cost (10). Written here because
	 * hashing one at start-up took a tenth of a second before readiness.
	 */
	static final String UNKNOWN_ACCOUNT_HASH = "{bcrypt}$2a$10$1AlRzsVDBNgW32Ay7bd6KO4aeopPoNByekUJIBLYyi0wa4yq2p8nS";

	// The same hash at cost 9: an encoder that would upgrade it but not the written one hashes at exactly cost 10.
	private static final String ONE_COST_LOWER = UNKNOWN_ACCOUNT_HASH.replace("$2a$10$", "$2a$09$");

	AccessTokens(Accounts accounts, PasswordEncoder passwords, LoginThrottle throttle, JwtEncoder encoder) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.throttle = throttle;
		this.encoder = encoder;
		this.unknownAccountHash = unknownAccountHash(passwords);
	}

	/**
	 * The written hash if the encoder hashes with bcrypt at its cost; otherwise (another encoder, a higher or a lower
	 * cost) one hashed now, so that checking it takes as long as checking a real account's.
	 */
	static String unknownAccountHash(PasswordEncoder passwords) {

		try {
			if (passwords.upgradeEncoding(ONE_COST_LOWER) && !passwords.upgradeEncoding(UNKNOWN_ACCOUNT_HASH)) {
				return UNKNOWN_ACCOUNT_HASH;
			}
		} catch (IllegalArgumentException notItsFormat) {
			// an encoder that reads no {id} prefix
		}

		return passwords.encode(UUID.randomUUID().toString());
	}

	/**
	 * Checks the password only after the attempt is counted (see {@link LoginThrottle}): of a burst of parallel
	 * guesses no more are checked than the limit allows, and a right guess over the limit gets no token either.
	 */
	Jwt issue(EmailAddress email, String password, ClientAddress client) {

		throttle.attempt(email, client);

		var account = accounts.findByEmail(email);

		if (account.isEmpty()) {
			passwords.matches(password, unknownAccountHash);
			throw new InvalidCredentials();
		}

		if (!passwords.matches(password, account.get().passwordHash()) || !account.get().isActive()) {
			throw new InvalidCredentials();
		}

		throttle.succeeded(email, client);

		var id = account.get().getId();
		var claims = JwtClaimsSet.builder()
				.subject(id.id().toString())
				.claim("email", account.get().email().email())
				.claim("roles", account.get().roles().stream().map(Enum::name).sorted().toList())
				.build();

		return encoder.encode(JwtEncoderParameters.from(claims));
	}

	static long expiresInSeconds(Jwt token) {
		return Duration.between(token.getIssuedAt(), token.getExpiresAt()).toSeconds();
	}
}
