package com.modularshop.user;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;

/**
 * Registration, sign-in and profile over HTTP with the real security chain and database.
 */
@SpringBootTest(properties = { "shop.user.admin.email=Admin@Shop.Test ",
		"shop.user.admin.password=administrator-secret",
		"shop.user.login.lockout=3s" })
@AutoConfigureMockMvc
class UserApiIntegrationTests {

	@Autowired MockMvcTester mvc;
	ShopClient client;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
	}

	@Test
	void registersACustomerWithANormalisedEmail() {

		var email = "New.Customer-" + UUID.randomUUID() + "@Shop.Test";

		var result = client.post("/api/users", null, """
				{"email": "  %s ", "name": "Ada", "password": "long enough password"}""".formatted(email));

		assertThat(result).hasStatus(201).hasHeader("Location", "/api/users/me");
		assertThat(result).bodyJson().extractingPath("$.email").isEqualTo(email.toLowerCase());
		assertThat(result).bodyJson().extractingPath("$.roles").asArray().containsExactly("CUSTOMER");
		assertThat(result).bodyJson().extractingPath("$.name").isEqualTo("Ada");
	}

	@Test
	void ignoresRolesAndIdsInTheRegistrationRequest() {

		var chosenId = UUID.randomUUID();
		var result = client.post("/api/users", null, """
				{"email": "sneaky-%s@shop.test", "name": "Eve", "password": "long enough password",
				 "roles": ["ADMIN"], "id": "%s", "active": false}""".formatted(UUID.randomUUID(), chosenId));

		assertThat(result).hasStatus(201);
		assertThat(result).bodyJson().extractingPath("$.roles").asArray().containsExactly("CUSTOMER");
		assertThat(result).bodyJson().extractingPath("$.id").isNotEqualTo(chosenId.toString());
	}

	@Test
	void rejectsASecondRegistrationOfTheSameEmail() {

		var email = uniqueEmail("twice");
		client.register(email, "First", "long enough password");

		var result = client.post("/api/users", null, """
				{"email": "%s", "name": "Second", "password": "long enough password"}""".formatted(email.toUpperCase()));

		assertThat(result).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(email);
	}

	@Test
	void answersInvalidRegistrationsWithProblemDetails() {

		var result = client.post("/api/users", null, """
				{"email": "", "name": "X", "password": "short"}""");

		assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
				.containsExactlyInAnyOrder("email", "password");

		assertThat(client.post("/api/users", null, """
				{"email": "not-an-email", "name": "X", "password": "long enough password"}"""))
				.hasStatus(400).bodyJson().extractingPath("$.errors[0].field").isEqualTo("email");

		assertThat(client.post("/api/users", null, "{ this is not json"))
				.hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);

		var tooLong = "x".repeat(129);
		assertThat(client.post("/api/users", null, """
				{"email": "long-%s@shop.test", "name": "X", "password": "%s"}""".formatted(UUID.randomUUID(), tooLong)))
				.hasStatus(400);
	}

	@Test
	void refusesPasswordsLongerThanBcryptsSeventyTwoBytesWithAProblem() {

		// 40 characters but 80 bytes in UTF-8, and 80 plain characters: bcrypt would refuse both
		for (var password : List.of("é".repeat(40), "p".repeat(80))) {

			var result = client.post("/api/users", null, """
					{"email": "bytes-%s@shop.test", "name": "X", "password": "%s"}""".formatted(UUID.randomUUID(),
					password));

			assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("password");
		}

		// exactly 72 bytes is accepted
		assertThat(client.post("/api/users", null, """
				{"email": "bytes-%s@shop.test", "name": "X", "password": "%s"}""".formatted(UUID.randomUUID(),
				"é".repeat(36)))).hasStatus(201);
	}

	@Test
	void issuesATokenThatOpensTheProfile() {

		var email = uniqueEmail("login");
		var id = client.register(email, "Grace", "long enough password");

		var result = client.post("/api/auth/token", null, """
				{"email": "%s", "password": "long enough password"}""".formatted(email));

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.token_type").isEqualTo("Bearer");
		assertThat(result).bodyJson().extractingPath("$.expires_in").isEqualTo(3600);

		var token = client.signIn(email, "long enough password");
		var me = client.get("/api/users/me", "Bearer " + token);

		assertThat(me).hasStatusOk();
		assertThat(me).bodyJson().extractingPath("$.id").isEqualTo(id.toString());
		assertThat(me).bodyJson().extractingPath("$.email").isEqualTo(email);
	}

	@Test
	void answersWrongPasswordAndUnknownEmailAlike() {

		var email = uniqueEmail("wrong");
		client.register(email, "Alan", "long enough password");

		var wrongPassword = client.post("/api/auth/token", null, """
				{"email": "%s", "password": "not the password"}""".formatted(email));
		var unknownEmail = client.post("/api/auth/token", null, """
				{"email": "nobody-%s@shop.test", "password": "not the password"}""".formatted(UUID.randomUUID()));

		assertThat(wrongPassword).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(unknownEmail).hasStatus(401);
		assertThat(ShopClient.body(wrongPassword)).isEqualTo(ShopClient.body(unknownEmail));
	}

	@Test
	void locksAnAccountAfterFiveFailuresUntilTheLockoutEnds() {

		var email = uniqueEmail("locked");
		client.register(email, "Mallory", "long enough password");
		var wrong = """
				{"email": "%s", "password": "guess guess guess"}""".formatted(email);
		var right = """
				{"email": "%s", "password": "long enough password"}""".formatted(email);

		for (int i = 0; i < 5; i++) {
			assertThat(client.post("/api/auth/token", null, wrong)).hasStatus(401);
		}

		// even the right password is refused while locked
		var locked = client.post("/api/auth/token", null, right);
		assertThat(locked).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Integer.parseInt(locked.getResponse().getHeader("Retry-After"))).isBetween(1, 3);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(client.post("/api/auth/token", null, right)).hasStatusOk());
	}

	@Test
	void resetsTheFailureCountOnSuccess() {

		var email = uniqueEmail("reset");
		client.register(email, "Bob", "long enough password");
		var wrong = """
				{"email": "%s", "password": "guess guess guess"}""".formatted(email);

		for (int i = 0; i < 4; i++) {
			assertThat(client.post("/api/auth/token", null, wrong)).hasStatus(401);
		}
		client.signIn(email, "long enough password");
		for (int i = 0; i < 4; i++) {
			assertThat(client.post("/api/auth/token", null, wrong)).hasStatus(401);
		}

		assertThat(client.post("/api/auth/token", null, wrong)).hasStatus(401);
	}

	@Test
	void updatesTheProfileAndRefusesATakenEmail() {

		var customer = client.newCustomer();
		var other = client.newCustomer();
		var newEmail = uniqueEmail("renamed");

		var updated = client.patch("/api/users/me", customer.bearer(), """
				{"name": "Renamed", "email": "%s"}""".formatted(newEmail));

		assertThat(updated).hasStatusOk();
		assertThat(updated).bodyJson().extractingPath("$.name").isEqualTo("Renamed");
		assertThat(updated).bodyJson().extractingPath("$.email").isEqualTo(newEmail);

		assertThat(client.patch("/api/users/me", customer.bearer(), """
				{"email": "%s"}""".formatted(other.email()))).hasStatus(409);
		assertThat(client.patch("/api/users/me", customer.bearer(), """
				{"name": "   "}""")).hasStatus(400);
	}

	@Test
	void letsOnlyAdministratorsDeactivateAccounts() {

		var customer = client.newCustomer();
		var victim = client.newCustomer();
		var admin = client.signIn("admin@shop.test", "administrator-secret");

		assertThat(client.post("/api/users/" + victim.id() + "/deactivate", customer.bearer(), ""))
				.hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.post("/api/users/" + victim.id() + "/deactivate", null, "")).hasStatus(401);
		assertThat(client.post("/api/users/" + UUID.randomUUID() + "/deactivate", "Bearer " + admin, ""))
				.hasStatus(404);
		assertThat(client.post("/api/users/not-a-uuid/deactivate", "Bearer " + admin, "")).hasStatus(400);

		assertThat(client.post("/api/users/" + victim.id() + "/deactivate", "Bearer " + admin, "")).hasStatus(204);

		// a deactivated account gets no new tokens
		assertThat(client.post("/api/auth/token", null, """
				{"email": "%s", "password": "correct horse battery"}""".formatted(victim.email()))).hasStatus(401);
	}

	@Test
	void bootstrapsTheConfiguredAdministrator() {

		var admin = client.signIn("admin@shop.test", "administrator-secret");

		assertThat(client.get("/api/users/me", "Bearer " + admin)).bodyJson().extractingPath("$.roles").asArray()
				.containsExactly("ADMIN", "CUSTOMER");
	}

	@Test
	void rejectsMissingExpiredForeignAndTamperedTokens() {

		var customer = client.newCustomer();

		var anonymous = client.get("/api/users/me", null);
		assertThat(anonymous).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(anonymous.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");

		var expired = ForgedTokens.signedWithShopKey(customer.id(), List.of("CUSTOMER"), "modular-shop",
				Instant.now().minusSeconds(120));
		assertThat(client.get("/api/users/me", "Bearer " + expired)).hasStatus(401);

		var wrongIssuer = ForgedTokens.signedWithShopKey(customer.id(), List.of("CUSTOMER"), "someone-else",
				Instant.now().plusSeconds(600));
		assertThat(client.get("/api/users/me", "Bearer " + wrongIssuer)).hasStatus(401);

		var foreign = ForgedTokens.signedWithForeignKey(customer.id(), List.of("ADMIN"));
		assertThat(client.get("/api/users/me", "Bearer " + foreign)).hasStatus(401);

		// the same token with its payload swapped for an admin's claims keeps the old signature
		var parts = customer.token().split("\\.");
		var payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
				.replace("\"CUSTOMER\"", "\"ADMIN\"");
		var tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString(payload.getBytes()) + "." + parts[2];
		assertThat(client.get("/api/users/me", "Bearer " + tampered)).hasStatus(401);

		// and the untouched token still works, as does one forged like those above but valid in every respect
		assertThat(client.get("/api/users/me", customer.bearer())).hasStatusOk();
		assertThat(client.get("/api/users/me", "Bearer " + ForgedTokens.signedWithShopKey(customer.id(),
				List.of("CUSTOMER"), "modular-shop", Instant.now().plusSeconds(600)))).hasStatusOk();
	}

	@Test
	void rejectsUnsignedTokensAndTokensForAnotherAudience() {

		var customer = client.newCustomer();

		var unsigned = ForgedTokens.unsigned(customer.id(), List.of("ADMIN"));
		assertThat(client.get("/api/users/me", "Bearer " + unsigned)).hasStatus(401)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);

		var otherAudience = ForgedTokens.signedForAudience(customer.id(), List.of("CUSTOMER"), "another-api");
		assertThat(client.get("/api/users/me", "Bearer " + otherAudience)).hasStatus(401);

		var rightAudience = ForgedTokens.signedForAudience(customer.id(), List.of("CUSTOMER"), "modular-shop-api");
		assertThat(client.get("/api/users/me", "Bearer " + rightAudience)).hasStatusOk();
	}

	@Test
	void answersUnknownPathsWithProblemDetails() {

		var customer = client.newCustomer();

		assertThat(client.get("/api/nothing-here", customer.bearer())).hasStatus(404)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void publishesTheApiDescriptionWithTheBearerScheme() {

		assertThat(client.get("/v3/api-docs", null)).hasStatusOk().bodyJson()
				.extractingPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer");
	}
}
