package com.modularshop.user;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "user")
class TokenController {

	private final AccessTokens tokens;

	TokenController(AccessTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/api/auth/token")
	@Operation(operationId = "issueToken", summary = "Sign in",
			description = "Issues a signed bearer token (JWT) for an email and password. A wrong email and a wrong "
					+ "password are answered alike. Attempts are limited per email and client address, and per email.")
	@ApiResponse(responseCode = "200", description = "A bearer token for the `Authorization` header.")
	@ApiResponse(responseCode = "401", description = "Wrong email or password, or a deactivated account "
			+ "(`invalid-credentials`).")
	@ApiResponse(responseCode = "429", description = "Too many attempts for this email (`account-locked`).",
			headers = @Header(name = "Retry-After", description = "Seconds until the lock ends.", required = true,
					schema = @Schema(type = "integer")))
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

	@Schema(example = """
			{"email": "ada@example.com", "password": "correct horse battery"}""")
	record Credentials(@NotBlank String email, @NotBlank String password) {}

	record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("expires_in") long expiresIn) {}
}
