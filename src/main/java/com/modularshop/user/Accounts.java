package com.modularshop.user;

import java.util.Optional;

import org.springframework.data.repository.CrudRepository;

import com.modularshop.user.Account.AccountId;

interface Accounts extends CrudRepository<Account, AccountId> {

	Optional<Account> findByEmail(EmailAddress email);

	boolean existsByEmail(EmailAddress email);
}
