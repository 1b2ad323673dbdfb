package com.modularshop.infrastructure.security;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How access tokens are signed and checked.
 *
 * @param privateKey PEM (PKCS#8) RSA private key; required (with the public key) while the user module, the
 *          token issuer, runs in this instance
 * @param publicKey PEM (X.509) RSA public key
 * @param issuer the {@code iss} claim written and required
 * @param audience the {@code aud} claim written and required
 * @param ttl how long an access token is valid
 * @param keyDirectory where a development key pair is generated and kept when no keys are configured
 */
@ConfigurationProperties("shop.security.jwt")
record JwtSettings(@Nullable Resource privateKey, @Nullable Resource publicKey,
		@DefaultValue("modular-shop") String issuer, @DefaultValue("modular-shop-api") String audience,
		@DefaultValue("1h") Duration ttl, @DefaultValue("data") Path keyDirectory) {}
