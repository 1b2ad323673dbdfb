package com.modularshop.infrastructure.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks a token's signature and parses its claims once, not on every request it comes with: that was 4% of the CPU
 * of placing an order (docs/performance.md). The claims are validated again on every use, so a remembered token
 * still stops working when it expires. A token is remembered by its whole text, signature included, so a forged or
 * altered one never matches a remembered entry.
 */
class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder verifying;
	private final OAuth2TokenValidator<Jwt> validator;
	private final int capacity;
	private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

	/**
	 * @param verifying checks the signature and parses the claims, without validating them
	 * @param validator validates the claims (time, issuer, audience) on every use
	 * @param capacity tokens remembered at most; when full, they are forgotten all at once
	 */
	CachingJwtDecoder(JwtDecoder verifying, OAuth2TokenValidator<Jwt> validator, int capacity) {
		this.verifying = verifying;
		this.validator = validator;
		this.capacity = capacity;
	}

	@Override
	public Jwt decode(String token) {

		var jwt = verified.get(token);

		if (jwt == null) {
			jwt = verifying.decode(token);
			if (verified.size() >= capacity) {
				verified.clear();
			}
			verified.put(token, jwt);
		}

		var result = validator.validate(jwt);
		if (result.hasErrors()) {
			verified.remove(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(),
					result.getErrors());
		}

		return jwt;
	}
}
