/**
 * User accounts, credentials, roles and profiles; the issuer of access tokens. A leaf module: it depends on
 * nothing and tells the others about accounts through {@link com.modularshop.user.events}.
 */
@ApplicationModule(displayName = "Users", allowedDependencies = {})
@NullMarked
package com.modularshop.user;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
