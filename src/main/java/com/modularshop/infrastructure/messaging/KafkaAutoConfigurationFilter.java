package com.modularshop.infrastructure.messaging;

import org.springframework.core.env.Environment;

import com.modularshop.infrastructure.SwitchedAutoConfigurations;
import com.modularshop.infrastructure.modules.Deployment;

/**
 * Leaves Boot's and Spring Modulith's Kafka auto-configurations out while externalization is off: Kafka is here only
 * to carry messages, and without the filter every start would parse them and build a producer factory, template,
 * admin and listener infrastructure that nothing uses. With {@value Deployment#EXTERNALIZATION}{@code =true} they all
 * come in.
 */
public class KafkaAutoConfigurationFilter extends SwitchedAutoConfigurations {

	public KafkaAutoConfigurationFilter() {
		super("org.springframework.boot.kafka.", "org.springframework.modulith.events.kafka.");
	}

	@Override
	protected boolean isOn(Environment environment) {
		return Deployment.externalizes(environment);
	}
}
