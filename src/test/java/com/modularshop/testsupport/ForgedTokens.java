package com.modularshop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

/**
 * Tokens the application did not issue through its API: signed with its own development key but expired or with the
 * wrong issuer, or signed with a stranger's key. For proving the resource server rejects them.
 */
public final class ForgedTokens {

	private ForgedTokens() {}

	/** An Authorization header value for an administrator no sign-in created: valid for ten minutes. */
	public static String adminBearer() {
		return bearer("ADMIN");
	}

	/** An Authorization header value for a customer no sign-in created: valid for ten minutes. */
	public static String customerBearer() {
		return bearer("CUSTOMER");
	}

	private static String bearer(String role) {
		return "Bearer " + signedWithShopKey(UUID.randomUUID(), List.of(role), "modular-shop",
				Instant.now().plusSeconds(600));
	}

	public static String signedWithShopKey(UUID subject, List<String> roles, String issuer, Instant expiresAt) {
		return sign(shopKey(), subject, roles, issuer, "modular-shop-api", expiresAt);
	}

	/** Signed with the shop's key and valid in every other respect, but meant for another audience. */
	public static String signedForAudience(UUID subject, List<String> roles, String audience) {
		return sign(shopKey(), subject, roles, "modular-shop", audience, Instant.now().plusSeconds(600));
	}

	/** An unsecured JWT ({@code "alg": "none"}, empty signature) with otherwise valid claims. */
	public static String unsigned(UUID subject, List<String> roles) {

		var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
		var header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
		var now = Instant.now().getEpochSecond();
		var payload = encoder.encodeToString(("""
				{"sub":"%s","iss":"modular-shop","aud":["modular-shop-api"],"iat":%d,"exp":%d,"roles":[%s]}"""
				.formatted(subject, now, now + 600, String.join(",", roles.stream().map(it -> '"' + it + '"').toList())))
				.getBytes());

		return header + "." + payload + ".";
	}

	public static String signedWithForeignKey(UUID subject, List<String> roles) {

		try {
			var generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();
			var key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()).build();

			return sign(key, subject, roles, "modular-shop", "modular-shop-api", Instant.now().plusSeconds(600));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static RSAKey shopKey() {

		var directory = SharedTestDatabase.keyDirectory();

		try (var privateKey = Files.newInputStream(directory.resolve("jwt-signing-key.pem"));
				var publicKey = Files.newInputStream(directory.resolve("jwt-signing-key.pub.pem"))) {

			RSAPrivateKey privateRsa = RsaKeyConverters.pkcs8().convert(privateKey);
			RSAPublicKey publicRsa = RsaKeyConverters.x509().convert(publicKey);

			return new RSAKey.Builder(publicRsa).privateKey(privateRsa).build();
		} catch (IOException e) {
			throw new UncheckedIOException("The application has not generated its development keys yet", e);
		}
	}

	private static String sign(RSAKey key, UUID subject, List<String> roles, String issuer, String audience,
			Instant expiresAt) {

		var claims = JwtClaimsSet.builder()
				.subject(subject.toString())
				.issuer(issuer)
				.audience(List.of(audience))
				.issuedAt(expiresAt.minusSeconds(3600))
				.expiresAt(expiresAt)
				.claim("roles", roles)
				.build();

		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
				.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
				.getTokenValue();
	}
}
