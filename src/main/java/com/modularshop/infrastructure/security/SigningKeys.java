package com.modularshop.infrastructure.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key pair behind access tokens: the configured one, or a development pair generated once and kept on disk so
 * tokens survive a restart.
 */
record SigningKeys(@Nullable RSAPrivateKey privateKey, RSAPublicKey publicKey) {

	private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
	private static final String PRIVATE_FILE = "jwt-signing-key.pem";
	private static final String PUBLIC_FILE = "jwt-signing-key.pub.pem";

	static SigningKeys from(JwtSettings settings) {

		if (settings.publicKey() != null) {
			return new SigningKeys(settings.privateKey() == null ? null : privateKey(settings.privateKey()),
					publicKey(settings.publicKey()));
		}

		if (settings.privateKey() != null) {
			throw new IllegalStateException("shop.security.jwt.private-key is set without shop.security.jwt.public-key");
		}

		return development(settings.keyDirectory().toAbsolutePath().normalize());
	}

	private static SigningKeys development(Path directory) {

		var privateFile = directory.resolve(PRIVATE_FILE);
		var publicFile = directory.resolve(PUBLIC_FILE);

		if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
			generate(privateFile, publicFile);
		}

		LOG.warn("Signing access tokens with the development key pair in {}; production must configure "
				+ "shop.security.jwt.private-key and shop.security.jwt.public-key", directory);

		return new SigningKeys(privateKey(new FileSystemResource(privateFile)), publicKey(new FileSystemResource(publicFile)));
	}

	private static void generate(Path privateFile, Path publicFile) {

		try {
			var generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			var pair = generator.generateKeyPair();

			Files.createDirectories(privateFile.getParent());
			Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
			Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

			try {
				Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
			} catch (UnsupportedOperationException notPosix) {
				// nothing to tighten on this file system
			}
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		} catch (IOException e) {
			throw new UncheckedIOException("Could not write a development key pair to " + privateFile.getParent(), e);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN %s-----%n%s%n-----END %s-----%n".formatted(type,
				Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der), type);
	}

	private static RSAPrivateKey privateKey(Resource resource) {

		try (var in = resource.getInputStream()) {
			return RsaKeyConverters.pkcs8().convert(in);
		} catch (IOException e) {
			throw new UncheckedIOException("Could not read the private key " + resource, e);
		}
	}

	private static RSAPublicKey publicKey(Resource resource) {

		try (var in = resource.getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		} catch (IOException e) {
			throw new UncheckedIOException("Could not read the public key " + resource, e);
		}
	}
}
