/**
 * One stateless OAuth2 resource server for every module: bearer tokens signed with the shop's key, and 401 and 403 as
 * problem documents.
 */
@NullMarked
package com.modularshop.infrastructure.security;

import org.jspecify.annotations.NullMarked;
