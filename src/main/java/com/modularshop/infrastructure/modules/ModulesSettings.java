package com.modularshop.infrastructure.modules;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The strangler switch: {@code shop.modules.<module>.mode=local|remote}. Read once, before any bean is defined, by
 * {@link Deployment#from}; bound here as well so that the keys are documented and show up in the configuration
 * metadata.
 *
 * @param modules the mode of each module named; modules not named run locally
 */
@ConfigurationProperties("shop")
public record ModulesSettings(@DefaultValue Map<String, Module> modules) {

	/**
	 * @param mode whether the module runs in this process
	 */
	public record Module(@DefaultValue("local") ModuleMode mode) {}
}
