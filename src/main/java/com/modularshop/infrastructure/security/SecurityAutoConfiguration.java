package com.modularshop.infrastructure.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import tools.jackson.databind.json.JsonMapper;

/**
 * One stateless resource server for every module: a request is authenticated by a bearer token signed with the shop's
 * key; the token's subject is the user id and its {@code roles} claim becomes {@code ROLE_*} authorities that modules
 * check with {@code @PreAuthorize}. An auto-configuration so that module tests get the same security.
 */
@AutoConfiguration
@EnableMethodSecurity
@EnableConfigurationProperties(JwtSettings.class)
public class SecurityAutoConfiguration {

	/** Reachable without a token. The operations page's shell is: it signs in and then calls the ADMIN API. */
	private static final String[] PUBLIC_GET = { "/api/products", "/api/products/**", "/actuator/health/**",
			"/actuator/info", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/ops", "/ops/index.html",
			"/ops/ops.js", "/ops/ops.css" };
	private static final String[] PUBLIC_POST = { "/api/users", "/api/auth/token" };
	/** Tokens verified once and then remembered: about a kilobyte each on the heap. */
	private static final int TOKENS_REMEMBERED = 4_096;

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper json) throws Exception {

		var problems = new ProblemResponses(json);
		var authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		var authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(authorities);

		return http
				.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies to forge requests with
				.sessionManagement(it -> it.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests(it -> it
						.requestMatchers(HttpMethod.GET, PUBLIC_GET).permitAll()
						.requestMatchers(HttpMethod.POST, PUBLIC_POST).permitAll()
						.requestMatchers("/error").permitAll()
						.requestMatchers("/actuator/**", "/ops/**").hasRole("ADMIN")
						.anyRequest().authenticated())
				.oauth2ResourceServer(it -> it
						.jwt(jwt -> jwt.jwtAuthenticationConverter(authentication))
						.authenticationEntryPoint(problems)
						.accessDeniedHandler(problems))
				.exceptionHandling(it -> it.authenticationEntryPoint(problems).accessDeniedHandler(problems))
				.build();
	}

	/**
	 * No observation per security filter and authorization decision: nobody reads them, and wrapping every filter
	 * in an observation cost a fifth of the CPU of placing an order (JFR, docs/performance.md). HTTP request metrics
	 * stay.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SigningKeys signingKeys(JwtSettings settings) {
		return SigningKeys.from(settings);
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, JwtSettings settings, ObjectProvider<Clock> clock) {

		var verifying = NimbusJwtDecoder.withPublicKey(keys.publicKey()).build();
		verifying.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success()); // validated on every use, below
		var timestamps = new JwtTimestampValidator();
		timestamps.setClock(clock.getIfAvailable(Clock::systemUTC));
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<java.util.List<String>>(JwtClaimNames.AUD,
				aud -> aud != null && aud.contains(settings.audience()));

		return new CachingJwtDecoder(verifying, new DelegatingOAuth2TokenValidator<>(timestamps,
				new JwtIssuerValidator(settings.issuer()), audience), TOKENS_REMEMBERED);
	}

	/**
	 * Made when the token issuer (the user module) asks for it: a process where that module is remote validates tokens
	 * with the public key alone.
	 */
	@Bean
	@Lazy
	JwtEncoder jwtEncoder(SigningKeys keys, JwtSettings settings) {

		if (keys.privateKey() == null) {
			throw new IllegalStateException("Issuing tokens needs shop.security.jwt.private-key");
		}

		var key = new RSAKey.Builder(keys.publicKey()).privateKey(keys.privateKey()).build();
		var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));

		return new PolicyEnforcingJwtEncoder(encoder, settings, Clock.systemUTC());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}
}
