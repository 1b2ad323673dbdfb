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
	 * The hash of a random password nobody kept, at the application encoder's bcrypt cost. Written here because
	 * hashing one at start-up took a tenth of a second before readiness.
	 */
	static final String UNKNOWN_ACCOUNT_HASH = "{bcrypt}$2a$10$1AlRzsVDBNgW32Ay7bd6KO4aeopPoNByekUJIBLYyi0wa4yq2p8nS";

	AccessTokens(Accounts accounts, PasswordEncoder passwords, LoginThrottle throttle, JwtEncoder encoder) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.throttle = throttle;
		this.encoder = encoder;
		this.unknownAccountHash = unknownAccountHash(passwords);
	}

	/** The written hash while the encoder takes it as current; hashed anew when the encoder's id or cost changes. */
	static String unknownAccountHash(PasswordEncoder passwords) {
		return passwords.upgradeEncoding(UNKNOWN_ACCOUNT_HASH)
				? passwords.encode(UUID.randomUUID().toString())
				: UNKNOWN_ACCOUNT_HASH;
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
