/**
 * Who is asking: user ids and built-in accounts, with the {@link
 * dev.boxoffice.core.identity.Accounts} port. Password hashing and token signing happen at the HTTP
 * edge with well-kept libraries; core only stores the hash it is given.
 */
package dev.boxoffice.core.identity;
