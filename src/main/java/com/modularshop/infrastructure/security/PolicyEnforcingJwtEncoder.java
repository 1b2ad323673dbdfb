package com.modularshop.infrastructure.security;

import java.time.Clock;
import java.util.List;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The issuing module decides who the token is for (subject, roles); this decides the rest: issuer, audience, issue
 * and expiry time and the RS256 signature. So every module validates against one policy it can configure.
 */
class PolicyEnforcingJwtEncoder implements JwtEncoder {

	private final JwtEncoder delegate;
	private final JwtSettings settings;
	private final Clock clock;

	PolicyEnforcingJwtEncoder(JwtEncoder delegate, JwtSettings settings, Clock clock) {
		this.delegate = delegate;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {

		var now = clock.instant();
		var claims = JwtClaimsSet.from(parameters.getClaims())
				.issuer(settings.issuer())
				.audience(List.of(settings.audience()))
				.issuedAt(now)
				.expiresAt(now.plus(settings.ttl()))
				.build();

		return delegate.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims));
	}
}
