/**
 * What holds for every HTTP request alike: problem documents for framework errors, the guards before any module (NUL
 * characters, body size), the API description and the operations page.
 */
@NullMarked
package com.modularshop.infrastructure.web;

import org.jspecify.annotations.NullMarked;
