package com.modularshop.infrastructure.web;

import java.time.Duration;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Problem details for framework errors in every context that has Spring MVC, module tests included, the input
 * guards that run before any module (no NUL character and no body over the size limit reaches a module), and the
 * operations page.
 */
// before Boot's error page, which backs off when another ErrorController exists
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import({ ProblemDetailsAdvice.class, ProblemErrorController.class, OperationsPage.class })
@EnableConfigurationProperties(WebSettings.class)
public class WebAutoConfiguration {

	// Before Spring Security (-100), so a hostile request is refused the same way with or without a token.
	static final int GUARD_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

	static final int MAX_DURATION_DAYS = 36_500;

	@Bean
	JacksonModule nulRefusingStrings() {
		return new SimpleModule("nul-refusing-strings").addDeserializer(String.class,
				new NulRefusingStringDeserializer());
	}

	/**
	 * Durations in request parameters (such as {@code olderThan}) are bounded: a duration of trillions of days parses,
	 * but subtracting it from now overflows. Beyond {@value #MAX_DURATION_DAYS} days it is a malformed parameter.
	 */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	WebMvcConfigurer boundedDurations() {

		return new WebMvcConfigurer() {

			@Override
			public void addFormatters(FormatterRegistry registry) {
				registry.addConverter(String.class, Duration.class, text -> {
					var duration = DurationStyle.detectAndParse(text.strip());
					if (duration.abs().compareTo(Duration.ofDays(MAX_DURATION_DAYS)) > 0) {
						throw new IllegalArgumentException("A duration of at most %d days, not %s"
								.formatted(MAX_DURATION_DAYS, text));
					}
					return duration;
				});
			}
		};
	}

	/** Tomcat's error page for requests it refuses itself is a problem document too. */
	@Bean
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {

		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				// the host adds no valve of its own when one of its error report valve class is there already
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
				host.getPipeline().addValve(new ProblemReportValve());
			}
		});
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
