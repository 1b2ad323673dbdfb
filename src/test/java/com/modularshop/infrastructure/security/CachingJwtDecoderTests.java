package com.modularshop.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

/**
 * Real RS256 tokens and the real Nimbus decoder: a remembered token is not verified again, but still expires, and
 * an altered one is never taken for it.
 */
class CachingJwtDecoderTests {

	private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

	private final RSAKey key = generateKey();
	private final AtomicInteger verifications = new AtomicInteger();
	private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final CachingJwtDecoder decoder = decoder(2);

	@Test
	void verifiesATokensSignatureOnceAndValidatesItsClaimsOnEveryUse() throws Exception {

		var token = token("alice", NOW.plusSeconds(600));

		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
		assertThat(verifications).hasValue(1);

		clock = Clock.fixed(NOW.plusSeconds(600).plus(Duration.ofMinutes(2)), ZoneOffset.UTC); // past the skew too

		assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> decoder.decode(token))
				.withMessageContaining("expired");
	}

	@Test
	void neverTakesAnAlteredTokenForARememberedOne() throws Exception {

		var token = token("alice", NOW.plusSeconds(600));
		decoder.decode(token);

		var parts = token.split("\\.");
		var forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString("{\"sub\":\"mallory\",\"exp\":%d}".formatted(NOW.plusSeconds(600).getEpochSecond())
						.getBytes());

		assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> decoder.decode(parts[0] + "." + forgedClaims + "." + parts[2]));
	}

	@Test
	void forgetsEverythingWhenFullSoMemoryStaysBounded() throws Exception {

		var first = token("a", NOW.plusSeconds(600));
		decoder.decode(first);
		decoder.decode(token("b", NOW.plusSeconds(600)));
		decoder.decode(token("c", NOW.plusSeconds(600))); // full at two: forgets a and b
		decoder.decode(first);

		assertThat(verifications).hasValue(4);
	}

	private CachingJwtDecoder decoder(int capacity) {

		try {
			var verifying = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
			verifying.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
			JwtDecoder counting = token -> {
				verifications.incrementAndGet();
				return verifying.decode(token);
			};

			return new CachingJwtDecoder(counting, jwt -> {
				var timestamps = new JwtTimestampValidator();
				timestamps.setClock(clock);
				return timestamps.validate(jwt);
			}, capacity);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private String token(String subject, Instant expiresAt) {

		var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		var claims = JwtClaimsSet.builder().subject(subject).issuedAt(NOW).expiresAt(expiresAt).build();

		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
				.getTokenValue();
	}

	private static RSAKey generateKey() {

		try {
			var generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
					.build();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
