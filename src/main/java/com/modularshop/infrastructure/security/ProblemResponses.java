package com.modularshop.infrastructure.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 answered before any controller runs, as RFC 9457 problem details (Spring Security alone sends an empty
 * body), keeping the {@code WWW-Authenticate} header of the bearer token scheme.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	/** The scheme of every problem type of the API (see the {@code ProblemDetail} schema of its description). */
	static final String PROBLEMS = "https://modular-shop.example/problems/";

	private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler accessDenied = new BearerTokenAccessDeniedHandler();
	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {

		entryPoint.commence(request, response, exception);
		write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
				"A valid bearer token is required: obtain one from POST /api/auth/token.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {

		accessDenied.handle(request, response, exception);
		write(request, response, HttpStatus.FORBIDDEN, "access-denied", "Your role does not allow this request.");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
			String detail) throws IOException {

		var problem = new LinkedHashMap<String, Object>();
		problem.put("type", PROBLEMS + type);
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());

		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}
}
