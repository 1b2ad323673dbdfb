package com.modularshop.user;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.user.UserExceptions.TooManyRegistrations;

/**
 * Registration and the caller's own profile; deactivation for administrators. Requests carry only the fields a
 * client may set: ids and roles in a body are ignored.
 */
@RestController
@RequestMapping("/api/users")
@Tag(name = "user")
class UserController {

	private final UserManagement users;
	private final RateLimits limits;
	private final RegistrationSettings registrations;

	UserController(UserManagement users, RateLimits limits, RegistrationSettings registrations) {
		this.users = users;
		this.limits = limits;
		this.registrations = registrations;
	}

	@PostMapping
	@Operation(operationId = "register", summary = "Register a customer",
			description = "Creates a customer account; the email is normalised (trimmed, lower case) and must not be "
					+ "registered yet. Publishes `UserRegistered`. Ids and roles in the body are ignored.")
	@ApiResponse(responseCode = "201", description = "Registered; sign in with `POST /api/auth/token`.",
			headers = @Header(name = "Location", description = "`/api/users/me`", required = true,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "Invalid fields (listed in `errors`), such as an email that is "
			+ "not one (`invalid-email`) or a password shorter than 10 characters or longer than 72 UTF-8 bytes "
			+ "(`invalid-password`).")
	@ApiResponse(responseCode = "409", description = "The email is registered already (`email-taken`).")
	@ApiResponse(responseCode = "429", description = "Too many registrations from this client address.",
			headers = @Header(name = "Retry-After", description = "Seconds until another registration is accepted.",
					required = true, schema = @Schema(type = "integer")))
	ResponseEntity<AccountView> register(@Valid @RequestBody Registration registration, HttpServletRequest request) {

		limits.take("register:" + ClientAddress.of(request.getRemoteAddr()).value(), registrations.maxPerAddress(),
				registrations.window()).ifPresent(wait -> {
					throw new TooManyRegistrations(wait);
				});

		var account = users.register(new EmailAddress(registration.email()), registration.name(),
				registration.password());

		return ResponseEntity.created(URI.create("/api/users/me")).body(AccountView.of(account));
	}

	@GetMapping("/me")
	@Operation(operationId = "me", summary = "Show the caller's profile", security = @SecurityRequirement(name = "bearer"),
			description = "The account the token was issued to.")
	@ApiResponse(responseCode = "200", description = "The caller's account.")
	@ApiResponse(responseCode = "404", description = "The account no longer exists (`account-not-found`).")
	AccountView me(@AuthenticationPrincipal Jwt caller) {
		return AccountView.of(users.find(userId(caller)));
	}

	@PatchMapping("/me")
	@Operation(operationId = "updateMe", summary = "Change the caller's profile",
			security = @SecurityRequirement(name = "bearer"),
			description = "Changes the fields present (name, email); publishes `UserProfileUpdated`.")
	@ApiResponse(responseCode = "200", description = "The changed account.")
	@ApiResponse(responseCode = "400", description = "Invalid fields (listed in `errors`), such as a blank name or "
			+ "an email that is not one (`invalid-email`).")
	@ApiResponse(responseCode = "404", description = "The account no longer exists (`account-not-found`).")
	@ApiResponse(responseCode = "409", description = "The email belongs to another account (`email-taken`), or the "
			+ "account was changed concurrently (`concurrent-modification`; retry).")
	AccountView updateMe(@AuthenticationPrincipal Jwt caller, @Valid @RequestBody ProfileChange change) {

		var email = change.email() == null ? null : new EmailAddress(change.email());

		return AccountView.of(users.updateProfile(userId(caller), email, change.name()));
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(operationId = "deactivate", summary = "Deactivate an account",
			security = @SecurityRequirement(name = "bearer", scopes = "ADMIN"),
			description = "The account gets no new tokens and its customer can place no more orders; publishes "
					+ "`UserDeactivated`. Deactivating twice changes nothing.")
	@ApiResponse(responseCode = "204", description = "Deactivated.")
	@ApiResponse(responseCode = "404", description = "No account with this id (`account-not-found`).")
	ResponseEntity<Void> deactivate(@PathVariable UUID id) {

		users.deactivate(id);

		return ResponseEntity.noContent().build();
	}

	private static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

	@Schema(example = """
			{"email": "ada@example.com", "name": "Ada Lovelace", "password": "correct horse battery"}""")
	record Registration(
			@NotBlank @Size(max = 254) String email,
			@NotBlank @Size(max = 100) String name,
			// characters here; the 72-byte limit of bcrypt is checked by UserManagement
			@NotNull @Size(min = UserManagement.MIN_PASSWORD_LENGTH,
					max = UserManagement.MAX_PASSWORD_BYTES) String password) {}

	@Schema(example = """
			{"name": "Ada King"}""")
	record ProfileChange(
			@Nullable @Size(max = 254) String email,
			@Nullable @Size(max = 100) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank") String name) {}

	record AccountView(UUID id, String email, String name, List<String> roles) {

		static AccountView of(Account account) {
			return new AccountView(account.getId().id(), account.email().email(), account.name(),
					account.roles().stream().map(Enum::name).sorted().toList());
		}
	}
}
