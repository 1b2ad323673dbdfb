package com.modularshop.user;

import jakarta.servlet.http.HttpServletRequest;
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
	AccountView me(@AuthenticationPrincipal Jwt caller) {
		return AccountView.of(users.find(userId(caller)));
	}

	@PatchMapping("/me")
	AccountView updateMe(@AuthenticationPrincipal Jwt caller, @Valid @RequestBody ProfileChange change) {

		var email = change.email() == null ? null : new EmailAddress(change.email());

		return AccountView.of(users.updateProfile(userId(caller), email, change.name()));
	}

	@PostMapping("/{id}/deactivate")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> deactivate(@PathVariable UUID id) {

		users.deactivate(id);

		return ResponseEntity.noContent().build();
	}

	private static UUID userId(Jwt caller) {
		return UUID.fromString(caller.getSubject());
	}

	record Registration(
			@NotBlank @Size(max = 254) String email,
			@NotBlank @Size(max = 100) String name,
			// characters here; the 72-byte limit of bcrypt is checked by UserManagement
			@NotNull @Size(min = UserManagement.MIN_PASSWORD_LENGTH,
					max = UserManagement.MAX_PASSWORD_BYTES) String password) {}

	record ProfileChange(
			@Nullable @Size(max = 254) String email,
			@Nullable @Size(max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name) {}

	record AccountView(UUID id, String email, String name, List<String> roles) {

		static AccountView of(Account account) {
			return new AccountView(account.getId().id(), account.email().email(), account.name(),
					account.roles().stream().map(Enum::name).sorted().toList());
		}
	}
}
