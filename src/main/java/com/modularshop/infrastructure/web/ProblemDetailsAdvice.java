package com.modularshop.infrastructure.web;

import java.net.URI;
import java.util.Comparator;
import java.util.Map;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every framework-level client error (malformed JSON, validation, wrong types, unknown
 * paths, unsupported methods: Spring's {@code about:blank} documents) and for a concurrent change, which any module's
 * aggregate can meet. Modules answer their own domain errors with local exception handlers.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {

		var problem = exception.getBody();
		problem.setDetail("The request has invalid fields.");
		problem.setProperty("errors", exception.getBindingResult().getFieldErrors().stream()
				.sorted(Comparator.comparing(FieldError::getField))
				.map(it -> Map.of("field", it.getField(), "message", String.valueOf(it.getDefaultMessage())))
				.toList());

		return handleExceptionInternal(exception, problem, headers, status, request);
	}

	/** Two requests changed the same thing at once; the client may retry. */
	@ExceptionHandler(OptimisticLockingFailureException.class)
	ProblemDetail concurrentModification(OptimisticLockingFailureException exception) {

		var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The resource was changed concurrently; retry the request.");
		problem.setType(URI.create(OpenApiAutoConfiguration.PROBLEMS + "concurrent-modification"));

		return problem;
	}
}
