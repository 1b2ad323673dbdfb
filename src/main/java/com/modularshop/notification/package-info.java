/**
 * The customer inbox and email delivery, driven purely by user and order events. Nothing depends on it, which makes
 * it the natural first module to lift into its own service.
 */
@ApplicationModule(displayName = "Notifications", allowedDependencies = { "user :: events", "order :: events" })
@NullMarked
package com.modularshop.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
