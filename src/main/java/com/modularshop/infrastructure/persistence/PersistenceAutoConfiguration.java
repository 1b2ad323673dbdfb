package com.modularshop.infrastructure.persistence;

import java.util.List;

import org.jmolecules.spring.IdentifierToPrimitivesConverter;
import org.jmolecules.spring.PrimitivesToIdentifierConverter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;

/**
 * Lets every module persist its jMolecules identifiers ({@code record OrderId(UUID id) implements Identifier}) as
 * plain columns. An auto-configuration rather than a scanned configuration so that module tests, which scan only
 * their own module, get it too.
 */
@AutoConfiguration(before = DataJdbcRepositoriesAutoConfiguration.class)
public class PersistenceAutoConfiguration {

	@Bean
	JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {

		var conversions = DefaultConversionService.getSharedInstance();

		return JdbcCustomConversions.of(dialect, List.of(new IdentifierToPrimitivesConverter(() -> conversions),
				new PrimitivesToIdentifierConverter(() -> conversions)));
	}

	/**
	 * Spring Data JDBC announces every save, delete and loaded row as an application event; nothing here listens, and
	 * each one went through the event multicaster's listener lookup (2% of the CPU of an order). Aggregates' own
	 * domain events ({@code registerEvent}) are published by the repositories and are not affected.
	 */
	@Bean
	static BeanPostProcessor noEntityLifecycleEvents() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof JdbcAggregateTemplate template) {
					template.setEntityLifecycleEventsEnabled(false);
				}
				return bean;
			}
		};
	}
}
