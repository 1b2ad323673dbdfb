package com.modularshop.user;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.modularshop.user.EmailAddress.InvalidEmailAddress;
import com.modularshop.user.UserExceptions.AccountLocked;
import com.modularshop.user.UserExceptions.AccountNotFound;
import com.modularshop.user.UserExceptions.EmailAlreadyRegistered;
import com.modularshop.user.UserExceptions.InvalidCredentials;
import com.modularshop.user.UserExceptions.InvalidPassword;
import com.modularshop.user.UserExceptions.Throttled;
import com.modularshop.user.UserExceptions.TooManyRegistrations;

/**
 * The user module's domain errors as problem details, for its own controllers only.
 */
@RestControllerAdvice(assignableTypes = { UserController.class, TokenController.class })
class UserProblems {

	@ExceptionHandler
	ProblemDetail emailTaken(EmailAlreadyRegistered exception) {
		return problem(HttpStatus.CONFLICT, "email-taken", exception);
	}

	@ExceptionHandler
	ProblemDetail invalidEmail(InvalidEmailAddress exception) {

		var problem = problem(HttpStatus.BAD_REQUEST, "invalid-email", exception);
		problem.setProperty("errors", List.of(Map.of("field", "email", "message", exception.getMessage())));

		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidPassword(InvalidPassword exception) {

		var problem = problem(HttpStatus.BAD_REQUEST, "invalid-password", exception);
		problem.setProperty("errors", List.of(Map.of("field", "password", "message", exception.getMessage())));

		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidCredentials(InvalidCredentials exception) {
		return problem(HttpStatus.UNAUTHORIZED, "invalid-credentials", exception);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> locked(AccountLocked exception) {
		return tooMany("account-locked", exception);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyRegistrations(TooManyRegistrations exception) {
		return tooMany("too-many-registrations", exception);
	}

	private static ResponseEntity<ProblemDetail> tooMany(String type, Throttled exception) {

		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, String.valueOf(exception.retryAfterSeconds()))
				.body(problem(HttpStatus.TOO_MANY_REQUESTS, type, exception));
	}

	@ExceptionHandler
	ProblemDetail notFound(AccountNotFound exception) {
		return problem(HttpStatus.NOT_FOUND, "account-not-found", exception);
	}

	private static ProblemDetail problem(HttpStatus status, String type, Exception exception) {

		var problem = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
		problem.setType(URI.create("https://modular-shop.example/problems/" + type));

		return problem;
	}
}
