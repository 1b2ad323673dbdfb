package com.modularshop.user;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The administrator account made sure to exist at start-up ({@code SHOP_USER_ADMIN_EMAIL},
 * {@code SHOP_USER_ADMIN_PASSWORD}); none when unset.
 */
@ConfigurationProperties("shop.user.admin")
record AdminSettings(@Nullable String email, @Nullable String password) {

	// Checked while binding, so start-up stops naming the setting instead of failing deep inside the password encoder.
	AdminSettings {

		if (password != null && !password.isBlank()) {
			UserManagement.checkPassword(password).ifPresent(problem -> {
				throw new IllegalArgumentException(
						"shop.user.admin.password (SHOP_USER_ADMIN_PASSWORD) is not usable: " + problem);
			});
		}
	}

	boolean isConfigured() {
		return email != null && !email.isBlank() && password != null && !password.isBlank();
	}
}
