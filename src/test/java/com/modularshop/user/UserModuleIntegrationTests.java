package com.modularshop.user;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.PublishedEvents;
import org.springframework.modulith.test.Scenario;

import com.modularshop.user.Account.Role;
import com.modularshop.user.UserExceptions.AdministratorConflict;
import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserProfileUpdated;
import com.modularshop.user.events.UserRegistered;

/**
 * The user module alone: what it stores and which events it publishes for each change.
 */
@ApplicationModuleTest
class UserModuleIntegrationTests {

	@Autowired UserManagement users;
	@Autowired Accounts accounts;
	@Autowired JdbcClient jdbc;

	@Test
	void publishesUserRegisteredAndStoresOnlyAPasswordHash(Scenario scenario) {

		var email = uniqueEmail();

		scenario.stimulate(() -> users.register(new EmailAddress(email), "Ada", "long enough password"))
				.andWaitForEventOfType(UserRegistered.class)
				.matching(it -> it.email().equals(email))
				.toArriveAndVerify((event, account) -> {
					assertThat(event.userId()).isEqualTo(account.getId().id());
					assertThat(event.name()).isEqualTo("Ada");
					assertThat(accounts.findById(account.getId()).orElseThrow().passwordHash())
							.startsWith("{bcrypt}").doesNotContain("long enough password");
				});
	}

	@Test
	void publishesTheUpdatedProfile(Scenario scenario) {

		var account = users.register(new EmailAddress(uniqueEmail()), "Ada", "long enough password");
		var newEmail = uniqueEmail();

		scenario.stimulate(() -> users.updateProfile(account.getId().id(), new EmailAddress(newEmail), null))
				.andWaitForEventOfType(UserProfileUpdated.class)
				.matching(it -> it.userId().equals(account.getId().id()))
				.toArriveAndVerify(event -> {
					assertThat(event.email()).isEqualTo(newEmail);
					assertThat(event.name()).isEqualTo("Ada");
				});
	}

	@Test
	void publishesUserDeactivatedOnlyOnce(PublishedEvents events) {

		var account = users.register(new EmailAddress(uniqueEmail()), "Ada", "long enough password");

		users.deactivate(account.getId().id());
		users.deactivate(account.getId().id());

		assertThat(events.ofType(UserDeactivated.class).matching(it -> it.userId().equals(account.getId().id())))
				.hasSize(1);
		assertThat(accounts.findById(account.getId()).orElseThrow().isActive()).isFalse();
	}

	@Test
	void ensuresTheAdministratorIdempotently() {

		var email = new EmailAddress(uniqueEmail());

		var first = users.ensureAdministrator(email, "administrator-secret");
		var second = users.ensureAdministrator(email, "administrator-secret");

		assertThat(second.getId()).isEqualTo(first.getId());
		assertThat(second.roles()).contains(Role.ADMIN);
		assertThat(jdbc.sql("SELECT count(*) FROM users.accounts WHERE email = :email")
				.param("email", email.email()).query(Integer.class).single()).isOne();
	}

	@Test
	void leavesAnExistingAdministratorAsItIsWhicheverPasswordIsConfigured() {

		var email = new EmailAddress(uniqueEmail());
		var admin = users.ensureAdministrator(email, "administrator-secret");

		var again = users.ensureAdministrator(email, "a password configured later");

		assertThat(again.getId()).isEqualTo(admin.getId());
		assertThat(again.roles()).contains(Role.ADMIN);
	}

	@Test
	void promotesAnExistingAccountThatHasTheConfiguredPassword() {

		var email = new EmailAddress(uniqueEmail());
		var customer = users.register(email, "Ada", "administrator-secret");

		var admin = users.ensureAdministrator(email, "administrator-secret");

		assertThat(admin.getId()).isEqualTo(customer.getId());
		assertThat(admin.roles()).containsExactlyInAnyOrder(Role.CUSTOMER, Role.ADMIN);
	}

	@Test
	void refusesToPromoteWhoeverRegisteredTheAdministratorEmailFirst() {

		var email = new EmailAddress(uniqueEmail());
		var squatter = users.register(email, "Mallory", "mallory's own password");

		assertThatExceptionOfType(AdministratorConflict.class)
				.isThrownBy(() -> users.ensureAdministrator(email, "administrator-secret"));
		assertThat(users.find(squatter.getId().id()).roles()).containsExactly(Role.CUSTOMER);
	}

	@Test
	void refusesADeactivatedAdministrator() {

		var email = new EmailAddress(uniqueEmail());
		var admin = users.ensureAdministrator(email, "administrator-secret");
		users.deactivate(admin.getId().id());

		assertThatExceptionOfType(AdministratorConflict.class)
				.isThrownBy(() -> users.ensureAdministrator(email, "administrator-secret"));
	}
}
