package com.modularshop.user;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.modularshop.user.EmailAddress.InvalidEmailAddress;
import com.modularshop.user.UserExceptions.InvalidCredentials;

/**
 * The token endpoint: OAuth2-style bearer tokens for email and password.
 */
@RestController
class TokenController {

	private final AccessTokens tokens;

	TokenController(AccessTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/api/auth/token")
	TokenResponse token(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {

		EmailAddress email;

		try {
			email = new EmailAddress(credentials.email());
		} catch (InvalidEmailAddress notAnAccountEither) {
			throw new InvalidCredentials();
		}

		var token = tokens.issue(email, credentials.password(), ClientAddress.of(request.getRemoteAddr()));

		return new TokenResponse(token.getTokenValue(), "Bearer", AccessTokens.expiresInSeconds(token));
	}

	record Credentials(@NotBlank String email, @NotBlank String password) {}

	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {}
}
