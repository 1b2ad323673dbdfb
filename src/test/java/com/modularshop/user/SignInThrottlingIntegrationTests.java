package com.modularshop.user;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.modularshop.testsupport.ShopClient;

/**
 * Sign-in and registration throttling seen from clients at different addresses: attempts are counted before any
 * password is checked, per email and address with a ceiling per email, and unknown emails are treated like known ones.
 */
@SpringBootTest(properties = { "shop.user.login.max-failures=5", "shop.user.login.lockout=1m",
		"shop.user.login.account-max-failures=8", "shop.user.login.account-window=1m",
		"shop.user.registration.max-per-address=3", "shop.user.registration.window=1h" })
@AutoConfigureMockMvc
class SignInThrottlingIntegrationTests {

	static final String PASSWORD = "long enough password";

	@Autowired MockMvcTester mvc;

	@Test
	void checksNoMoreGuessesOfAParallelBurstThanTheLimit() throws Exception {

		var address = randomAddress();
		var email = register(address);
		var start = new CountDownLatch(1);
		var results = new ArrayList<Future<Integer>>();

		var pool = Executors.newFixedThreadPool(8);

		try {

			for (int i = 0; i < 40; i++) {
				// the right password is among them: it must get a token only if it was one of the first five
				var password = i == 39 ? PASSWORD : "wrong guess " + i;
				results.add(pool.submit(() -> {
					start.await();
					return signIn(email, password, address).getResponse().getStatus();
				}));
			}

			start.countDown();

			var statuses = new ArrayList<Integer>();
			for (var result : results) {
				statuses.add(result.get());
			}

			// 401 and 200 are answers after a password check; everything else must have been refused before it
			assertThat(statuses).filteredOn(it -> it == 401 || it == 200).hasSizeLessThanOrEqualTo(5);
			assertThat(statuses).filteredOn(it -> it == 429).hasSizeGreaterThanOrEqualTo(35);
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void answersUnknownAndKnownEmailsAlike() {

		var address = randomAddress();
		var known = register(address);
		var unknown = uniqueEmail("nobody");

		var knownAnswers = new ArrayList<String>();
		var unknownAnswers = new ArrayList<String>();

		for (int i = 0; i < 6; i++) {
			knownAnswers.add(answer(signIn(known, "wrong guess", address)));
			unknownAnswers.add(answer(signIn(unknown, "wrong guess", address)));
		}

		assertThat(knownAnswers).isEqualTo(unknownAnswers);
		assertThat(knownAnswers.get(5)).startsWith("429");
	}

	@Test
	void locksOutOnlyTheGuessingAddressNotTheOwner() {

		var attacker = randomAddress();
		var owner = randomAddress();
		var email = register(owner);

		for (int i = 0; i < 5; i++) {
			assertThat(signIn(email, "wrong guess", attacker)).hasStatus(401);
		}
		assertThat(signIn(email, PASSWORD, attacker)).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.containsHeader("Retry-After");

		assertThat(signIn(email, PASSWORD, owner)).hasStatusOk();
	}

	@Test
	void stopsGuessingFromManyAddressesAtTheCeilingPerEmail() {

		var email = register(randomAddress());

		for (int i = 0; i < 2; i++) {
			var address = randomAddress();
			for (int j = 0; j < 4; j++) {
				assertThat(signIn(email, "wrong guess", address)).hasStatus(401);
			}
		}

		assertThat(signIn(email, "wrong guess", randomAddress())).hasStatus(429);
		assertThat(signIn(email, PASSWORD, randomAddress())).hasStatus(429);
	}

	@Test
	void limitsRegistrationsPerClientAddress() {

		var address = randomAddress();

		for (int i = 0; i < 3; i++) {
			assertThat(registration(address)).hasStatus(201);
		}

		assertThat(registration(address)).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.containsHeader("Retry-After");
		assertThat(registration(randomAddress())).hasStatus(201);
	}

	private String register(String address) {

		var email = uniqueEmail("throttled");
		var result = mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).with(from(address))
				.content("""
						{"email": "%s", "name": "Eve", "password": "%s"}""".formatted(email, PASSWORD)).exchange();
		assertThat(result).hasStatus(201);

		return email;
	}

	private MvcTestResult registration(String address) {
		return mvc.post().uri("/api/users").contentType(MediaType.APPLICATION_JSON).with(from(address)).content("""
				{"email": "r-%s@shop.test", "name": "Eve", "password": "%s"}""".formatted(UUID.randomUUID(), PASSWORD))
				.exchange();
	}

	private MvcTestResult signIn(String email, String password, String address) {
		return mvc.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON).with(from(address)).content("""
				{"email": "%s", "password": "%s"}""".formatted(email, password)).exchange();
	}

	private static String answer(MvcTestResult result) {
		return result.getResponse().getStatus() + " " + ShopClient.body(result).replaceAll("\\d+ seconds", "n seconds");
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
		return request -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private static String randomAddress() {
		var random = ThreadLocalRandom.current();
		return "10.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), random.nextInt(1, 255));
	}
}
