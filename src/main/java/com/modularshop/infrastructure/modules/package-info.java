/**
 * The strangler switch ({@code shop.modules.<module>.mode=local|remote}): which application modules this process
 * runs.
 */
@NullMarked
package com.modularshop.infrastructure.modules;

import org.jspecify.annotations.NullMarked;
