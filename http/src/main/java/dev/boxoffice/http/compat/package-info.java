/**
 * The original systems' APIs as opt-in route sets on Boxoffice's own model ({@code --compat
 * lottery-v0,tickets-v0}), so that their clients and load tests run unchanged. They trust the
 * caller for identity, as the originals did, so they answer only the addresses allowed ({@link
 * dev.boxoffice.http.compat.CompatSettings}); every decision is the native routes' own, through the
 * same ports.
 */
package dev.boxoffice.http.compat;
