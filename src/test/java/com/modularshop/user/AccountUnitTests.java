package com.modularshop.user;

import static org.assertj.core.api.Assertions.*;
import static org.springframework.modulith.test.AggregateTestUtils.*;

import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import com.modularshop.user.Account.Role;
import com.modularshop.user.EmailAddress.InvalidEmailAddress;
import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserProfileUpdated;
import com.modularshop.user.events.UserRegistered;

class AccountUnitTests {

	static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	Account account = Account.register(new EmailAddress("ada@shop.test"), " Ada ", "{noop}x",
			EnumSet.of(Role.CUSTOMER), NOW);

	@Test
	void registeringAnnouncesTheAccountWithAUniqueEventId() {

		var registered = eventsOf(account).ofType(UserRegistered.class).iterator().next();
		var other = eventsOf(Account.register(new EmailAddress("ada@shop.test"), "Ada", "{noop}x",
				EnumSet.of(Role.CUSTOMER), NOW)).ofType(UserRegistered.class).iterator().next();

		assertThat(registered.userId()).isEqualTo(account.getId().id());
		assertThat(registered.email()).isEqualTo("ada@shop.test");
		assertThat(registered.name()).isEqualTo("Ada");
		assertThat(registered.eventId()).isNotNull().isNotEqualTo(other.eventId());
		assertThat(registered.registeredAt()).isEqualTo(NOW);
	}

	@Test
	void normalisesEmailAddressesAndRejectsMalformedOnes() {

		assertThat(new EmailAddress("  Ada.Lovelace@Shop.TEST ")).isEqualTo(new EmailAddress("ada.lovelace@shop.test"));
		assertThatExceptionOfType(InvalidEmailAddress.class).isThrownBy(() -> new EmailAddress("ada@"));
		assertThatExceptionOfType(InvalidEmailAddress.class).isThrownBy(() -> new EmailAddress("a b@shop.test"));
		assertThatExceptionOfType(InvalidEmailAddress.class).isThrownBy(() -> new EmailAddress(null));
	}

	@Test
	void announcesAProfileChangeOnlyWhenSomethingChanged() {

		account.updateProfile(new EmailAddress("ADA@shop.test"), "Ada", NOW);
		assertThat(eventsOf(account).ofType(UserProfileUpdated.class)).isEmpty();

		account.updateProfile(null, "Ada Lovelace", NOW.plusSeconds(1));
		var updated = eventsOf(account).ofType(UserProfileUpdated.class).iterator().next();

		assertThat(updated.name()).isEqualTo("Ada Lovelace");
		assertThat(updated.email()).isEqualTo("ada@shop.test");
		assertThat(updated.updatedAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@Test
	void deactivatesOnce() {

		account.deactivate(NOW).deactivate(NOW);

		assertThat(account.isActive()).isFalse();
		assertThat(eventsOf(account).ofType(UserDeactivated.class)).hasSize(1);
	}
}
