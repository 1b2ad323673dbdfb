package com.modularshop.infrastructure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Problem details for framework errors in every context that has Spring MVC, module tests included, the input
 * guards that run before any module (no NUL character and no body over the size limit reaches a module), and the
 * operations page.
 */
@AutoConfiguration
@Import({ ProblemDetailsAdvice.class, OperationsPage.class })
@EnableConfigurationProperties(WebSettings.class)
public class WebAutoConfiguration {

	// Before Spring Security (-100), so a hostile request is refused the same way with or without a token.
	static final int GUARD_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

	@Bean
	JacksonModule nulRefusingStrings() {
		return new SimpleModule("nul-refusing-strings").addDeserializer(String.class,
				new NulRefusingStringDeserializer());
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	FilterRegistrationBean<NulCharacterFilter> nulCharacterFilter(JsonMapper json) {

		var registration = new FilterRegistrationBean<>(new NulCharacterFilter(new ProblemWriter(json)));
		registration.setOrder(GUARD_ORDER + 1);

		return registration;
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(JsonMapper json, WebSettings settings) {

		var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(new ProblemWriter(json), settings));
		registration.setOrder(GUARD_ORDER);

		return registration;
	}
}
