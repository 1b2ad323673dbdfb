package com.modularshop.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import com.modularshop.user.UserExceptions.EmailAlreadyRegistered;

/**
 * Makes sure the configured administrator exists on every start, so a fresh installation can be administered.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AdminSettings settings;
	private final UserManagement users;

	AdminBootstrap(AdminSettings settings, UserManagement users) {
		this.settings = settings;
		this.users = users;
	}

	@Override
	public void run(ApplicationArguments arguments) {

		if (!settings.isConfigured()) {
			LOG.info("No administrator configured (set SHOP_USER_ADMIN_EMAIL and SHOP_USER_ADMIN_PASSWORD to create one)");
			return;
		}

		var email = new EmailAddress(settings.email());
		Account admin;

		try {
			admin = users.ensureAdministrator(email, settings.password());
		} catch (EmailAlreadyRegistered | OptimisticLockingFailureException anotherInstanceWasFaster) {
			// each call is its own transaction: the second one sees what the other instance committed
			admin = users.ensureAdministrator(email, settings.password());
		}

		LOG.info("Administrator account {} ({}) is in place", admin.email().email(), admin.getId().id());
	}
}
