package com.modularshop.user;

import static org.assertj.core.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The configured administrator password is checked when the settings are bound, so a password bcrypt cannot hash
 * stops the start with a message naming the setting.
 */
class AdminSettingsUnitTests {

	@Configuration
	@EnableConfigurationProperties(AdminSettings.class)
	static class Settings {}

	ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

	@Test
	void refusesToStartWithAnAdministratorPasswordLongerThanSeventyTwoBytes() {

		runner.withPropertyValues("shop.user.admin.email=admin@shop.test", "shop.user.admin.password=" + "ä".repeat(37))
				.run(context -> assertThat(context).hasFailed().getFailure()
						.rootCause().hasMessageContaining("shop.user.admin.password").hasMessageContaining("72 bytes"));
	}

	@Test
	void acceptsAnAdministratorPasswordOfSeventyTwoBytes() {

		runner.withPropertyValues("shop.user.admin.email=admin@shop.test", "shop.user.admin.password=" + "ä".repeat(36))
				.run(context -> assertThat(context).hasNotFailed());
	}
}
