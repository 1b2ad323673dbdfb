package com.modularshop.user;

import org.springframework.stereotype.Component;

import com.modularshop.user.UserExceptions.AccountLocked;

/**
 * Throttles sign-in attempts before any password is checked, by email whether or not an account has it (so a 429
 * reveals nothing about which emails exist):
 * <ul>
 * <li>per email and client address, {@code max-failures} attempts per {@code lockout} window: one client guessing
 * locks out only itself, not the account's owner elsewhere;</li>
 * <li>per email from all addresses, {@code account-max-failures} attempts per {@code account-window}: a ceiling on
 * distributed guessing, high enough that locking an account out takes many addresses.</li>
 * </ul>
 * Every attempt counts when it starts; a successful sign-in gives its attempt back and clears its address's count.
 */
@Component
class LoginThrottle {

	private final RateLimits limits;
	private final LoginSettings settings;

	LoginThrottle(RateLimits limits, LoginSettings settings) {
		this.limits = limits;
		this.settings = settings;
	}

	/**
	 * Counts an attempt to sign in as the email from the client address.
	 *
	 * @throws AccountLocked when the attempt is over one of the limits; its password must not be checked
	 */
	void attempt(EmailAddress email, ClientAddress client) {

		var fromClient = limits.take(clientBucket(email, client), settings.maxFailures(), settings.lockout());

		if (fromClient.isPresent()) {
			// not counted against the account: one client hammering must not lock the owner out everywhere
			throw new AccountLocked(fromClient.get());
		}

		limits.take(accountBucket(email), settings.accountMaxFailures(), settings.accountWindow())
				.ifPresent(wait -> {
					throw new AccountLocked(wait);
				});
	}

	void succeeded(EmailAddress email, ClientAddress client) {
		limits.reset(clientBucket(email, client));
		limits.giveBack(accountBucket(email));
	}

	private static String clientBucket(EmailAddress email, ClientAddress client) {
		return "sign-in:" + email.email() + "|" + client.value();
	}

	private static String accountBucket(EmailAddress email) {
		return "sign-in:" + email.email();
	}
}
