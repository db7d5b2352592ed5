/**
 * Rate limits' state: token buckets by name ({@link dev.boxoffice.core.ratelimit.TokenBuckets}),
 * kept in one server's memory or in a store several servers share, so that a limit counts every
 * request to the deployment, whichever server took it.
 */
package dev.boxoffice.core.ratelimit;
