package com.modularshop.infrastructure.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a NUL character anywhere in the path, the query or form parameters and the header values with 400: PostgreSQL
 * cannot store NUL in text, so without this any of them could reach a query and end in a 500. JSON bodies are checked
 * by {@link NulRefusingStringDeserializer}.
 */
class NulCharacterFilter extends OncePerRequestFilter {

	private final ProblemWriter problems;

	NulCharacterFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {

		if (containsNul(request)) {
			problems.write(request, response, HttpStatus.BAD_REQUEST, "nul-character",
					"The request contains a NUL character (U+0000), which no field accepts.");
			return;
		}

		chain.doFilter(request, response);
	}

	private static boolean containsNul(HttpServletRequest request) {

		var uri = request.getRequestURI();

		if (uri != null && (hasNul(uri) || uri.toLowerCase(Locale.ROOT).contains("%00"))) {
			return true;
		}

		for (var parameter : request.getParameterMap().entrySet()) {
			if (hasNul(parameter.getKey())) {
				return true;
			}
			for (var value : parameter.getValue()) {
				if (hasNul(value)) {
					return true;
				}
			}
		}

		for (var name : Collections.list(request.getHeaderNames())) {
			for (var value : Collections.list(request.getHeaders(name))) {
				if (hasNul(value)) {
					return true;
				}
			}
		}

		return false;
	}

	private static boolean hasNul(String text) {
		return text != null && text.indexOf('\0') >= 0;
	}
}
