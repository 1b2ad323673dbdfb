/**
 * The modular-shop application: each direct sub-package annotated with {@code @ApplicationModule} is one application
 * module; {@code infrastructure} belongs to none. Every package is {@code @NullMarked}: a value is never null unless
 * its type says {@code @Nullable} (checked by {@code NullMarkedPackagesTests}).
 */
@NullMarked
package com.modularshop;

import org.jspecify.annotations.NullMarked;
