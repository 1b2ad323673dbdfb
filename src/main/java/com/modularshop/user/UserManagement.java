package com.modularshop.user;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.modularshop.user.Account.AccountId;
import com.modularshop.user.Account.Role;
import com.modularshop.user.UserExceptions.AccountNotFound;
import com.modularshop.user.UserExceptions.AdministratorConflict;
import com.modularshop.user.UserExceptions.EmailAlreadyRegistered;
import com.modularshop.user.UserExceptions.InvalidPassword;

/**
 * Registers accounts and changes them; each change publishes its event through the saved aggregate.
 */
@Service
@Transactional
class UserManagement {

	static final int MIN_PASSWORD_LENGTH = 10;
	// bcrypt only hashes 72 bytes (and Spring Security refuses more), so the limit is in UTF-8 bytes, not characters
	static final int MAX_PASSWORD_BYTES = 72;

	private final Accounts accounts;
	private final PasswordEncoder passwords;
	private final Clock clock;

	UserManagement(Accounts accounts, PasswordEncoder passwords, Clock clock) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.clock = clock;
	}

	Account register(EmailAddress email, String name, String password) {
		return register(email, name, password, EnumSet.of(Role.CUSTOMER));
	}

	Account register(EmailAddress email, String name, String password, Set<Role> roles) {

		checkPassword(password).ifPresent(problem -> {
			throw new InvalidPassword(problem);
		});

		if (accounts.existsByEmail(email)) {
			throw new EmailAlreadyRegistered(email);
		}

		try {
			return accounts.save(Account.register(email, name, passwords.encode(password), roles, clock.instant()));
		} catch (DuplicateKeyException raceWithAConcurrentRegistration) {
			throw new EmailAlreadyRegistered(email);
		}
	}

	/** What is wrong with a new password, if anything: shorter than 10 characters or longer than 72 UTF-8 bytes. */
	static Optional<String> checkPassword(String password) {

		if (password.length() < MIN_PASSWORD_LENGTH
				|| password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			return Optional.of("A password has at least %d characters and at most %d bytes in UTF-8"
					.formatted(MIN_PASSWORD_LENGTH, MAX_PASSWORD_BYTES));
		}

		return Optional.empty();
	}

	@Transactional(readOnly = true)
	Account find(UUID id) {
		return accounts.findById(new AccountId(id)).orElseThrow(() -> new AccountNotFound(id));
	}

	Account updateProfile(UUID id, @Nullable EmailAddress email, @Nullable String name) {

		var account = find(id);

		if (email != null && !email.equals(account.email()) && accounts.existsByEmail(email)) {
			throw new EmailAlreadyRegistered(email);
		}

		try {
			return accounts.save(account.updateProfile(email, name, clock.instant()));
		} catch (DuplicateKeyException raceWithAConcurrentChange) {
			throw new EmailAlreadyRegistered(email);
		}
	}

	void deactivate(UUID id) {
		accounts.save(find(id).deactivate(clock.instant()));
	}

	/**
	 * Makes sure an active administrator with the given email exists: registers it, or grants the role to an existing
	 * account, but only to one that proves it is the configured administrator by having the configured password:
	 * registration is public, and whoever registered the email first must not become an administrator. An account
	 * that already is the active administrator is left as it is: the configured password only creates or promotes it,
	 * and comparing it on every restart would cost a bcrypt hash before the application is ready.
	 *
	 * @throws AdministratorConflict when an account with that email is deactivated, or is not an administrator and
	 *         has another password
	 * @throws EmailAlreadyRegistered when another instance registers the administrator concurrently; retry
	 */
	Account ensureAdministrator(EmailAddress email, String password) {

		var existing = accounts.findByEmail(email);

		if (existing.isEmpty()) {
			return register(email, "Administrator", password, EnumSet.of(Role.ADMIN, Role.CUSTOMER));
		}

		var account = existing.get();

		if (!account.isActive()) {
			throw new AdministratorConflict("The account with the administrator email %s is deactivated"
					.formatted(email.email()));
		}

		if (account.roles().contains(Role.ADMIN)) {
			return account;
		}

		if (!passwords.matches(password, account.passwordHash())) {
			throw new AdministratorConflict("An account with the administrator email %s exists with another "
					+ "password; refusing to make it an administrator".formatted(email.email()));
		}

		return accounts.save(account.grant(Role.ADMIN));
	}
}
