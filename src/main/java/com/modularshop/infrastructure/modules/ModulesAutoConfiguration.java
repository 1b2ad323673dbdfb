package com.modularshop.infrastructure.modules;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The strangler switch ({@code shop.modules.<module>.mode=local|remote}): which modules this process runs. The same jar
 * is the monolith and every service lifted out of it.
 */
@AutoConfiguration
@EnableConfigurationProperties(ModulesSettings.class)
public class ModulesAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LocalModules localModules() {
		return new LocalModules();
	}

	@Bean
	Deployment deployment(Environment environment) {
		return Deployment.from(environment);
	}
}
