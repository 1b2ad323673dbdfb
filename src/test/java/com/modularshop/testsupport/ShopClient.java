package com.modularshop.testsupport;

import static org.assertj.core.api.Assertions.*;

import java.io.UnsupportedEncodingException;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;

/**
 * Drives the HTTP API the way a client does: registers accounts, signs in and sends bearer tokens.
 */
public final class ShopClient {

	private final MockMvcTester mvc;

	public ShopClient(MockMvcTester mvc) {
		this.mvc = mvc;
	}

	public record SignedIn(UUID id, String email, String token) {

		public String bearer() {
			return "Bearer " + token;
		}
	}

	/** Registers a new customer with a unique email and signs in. */
	public SignedIn newCustomer() {

		var email = Fixtures.uniqueEmail();
		var password = "correct horse battery";
		var id = register(email, "Test Customer", password);

		return new SignedIn(id, email, signIn(email, password));
	}

	public UUID register(String email, String name, String password) {

		var result = post("/api/users", null, """
				{"email": "%s", "name": "%s", "password": "%s"}""".formatted(email, name, password));
		assertThat(result).hasStatus(201);

		return UUID.fromString(JsonPath.read(body(result), "$.id"));
	}

	public String signIn(String email, String password) {

		var result = post("/api/auth/token", null, """
				{"email": "%s", "password": "%s"}""".formatted(email, password));
		assertThat(result).hasStatusOk();

		return JsonPath.read(body(result), "$.access_token");
	}

	public MvcTestResult post(String uri, String bearer, String json) {

		var request = mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json);

		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}

		return request.exchange();
	}

	public MvcTestResult get(String uri, String bearer) {

		var request = mvc.get().uri(uri);

		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}

		return request.exchange();
	}

	/** A POST with one extra header, such as {@code Idempotency-Key}. */
	public MvcTestResult post(String uri, String bearer, String json, String header, String value) {

		var request = mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).header(header, value);

		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}

		return request.exchange();
	}

	public MvcTestResult put(String uri, String bearer, String json) {

		var request = mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json);

		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}

		return request.exchange();
	}

	public MvcTestResult delete(String uri, String bearer) {

		var request = mvc.delete().uri(uri);

		if (bearer != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, bearer);
		}

		return request.exchange();
	}

	public MvcTestResult patch(String uri, String bearer, String json) {
		return mvc.patch().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer)
				.contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	public static String body(MvcTestResult result) {

		try {
			return result.getResponse().getContentAsString();
		} catch (UnsupportedEncodingException e) {
			throw new IllegalStateException(e);
		}
	}
}
