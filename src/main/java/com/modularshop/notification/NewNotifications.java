package com.modularshop.notification;

/**
 * Stores a new notification with one statement. A repository save of a new aggregate costs far more CPU than the
 * INSERT it sends (it showed as a tenth of the application's CPU per order), and the duplicate check before it was a
 * second statement and a savepoint.
 */
interface NewNotifications {

	/**
	 * Inserts the notification unless one for its event and type exists (also one a concurrent transaction has not
	 * committed yet: this waits for it). Never fails on such a duplicate, so the caller's transaction stays usable.
	 * The row gets the version a repository save would give it, so later saves check against it as usual; the given
	 * object keeps its {@code null} version, so it is not to be saved again.
	 *
	 * @return whether it was stored, {@code false} if the event already had a notification of this type
	 */
	boolean insertIfAbsent(Notification notification);
}
