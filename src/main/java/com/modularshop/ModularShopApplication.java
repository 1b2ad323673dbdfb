package com.modularshop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration;
import org.springframework.modulith.Modulithic;

/**
 * The one deployable: the application modules scanned below, which cooperate only through messages persisted in the
 * event publication registry.
 */
// Components of the modules only: infrastructure comes in as auto-configuration, so module tests get it as well.
// Settings records from every package: one that an auto-configuration enables as well is registered once.
// Meter binders nobody reads. Two the benchmark's profile showed on every call: a timer for each repository method
// call (3% of the application's CPU under load) and a Logback turbo filter that every isDebugEnabled() check runs
// through (3%). And Tomcat's session meters, always zero behind a stateless API, whose binder builds the JVM's platform
// MBean server before readiness (65 ms between "Started" and liveness in a JDK 25 restart); Tomcat's request and
// thread meters, which would need server.tomcat.mbeanregistry.enabled=true, go with them.
@SpringBootApplication(scanBasePackages = { "com.modularshop.user", "com.modularshop.catalog",
		"com.modularshop.order", "com.modularshop.notification" }, exclude = {
		DataRepositoryMetricsAutoConfiguration.class, LogbackMetricsAutoConfiguration.class,
		TomcatMetricsAutoConfiguration.class })
@ConfigurationPropertiesScan
@Modulithic(systemName = "modular-shop")
public class ModularShopApplication {

	public static void main(String[] args) {

		var application = new SpringApplication(ModularShopApplication.class);

		// -Dshop.startup.steps=20000 records that many start-up steps for /actuator/startup (an ADMIN endpoint):
		// scripts/startup-profile.sh lists the biggest. A system property because the recorder must be in place
		// before the environment is read.
		var steps = Integer.getInteger("shop.startup.steps", 0);
		if (steps > 0) {
			application.setApplicationStartup(new BufferingApplicationStartup(steps));
		}

		application.run(args);
	}
}
